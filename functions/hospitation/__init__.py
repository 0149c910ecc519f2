"""Hospitation: a nurse asks to shadow a palliative unit; their leader consents, the host sets dates."""
