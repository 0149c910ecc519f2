"""Local stand-ins for the AWS parts: DynamoDB Local, an HTTP API gateway, the tables from the SAM template."""
