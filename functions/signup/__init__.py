"""The sign-up function (SignupFunction): the public routes about one course."""
