"""N_: marks a string for the message catalogue where it is defined; common.i18n translates it where it is shown."""


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    return message
