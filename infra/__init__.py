"""The portal's one CloudFormation stack, generated in Python.

`infra.template.build_template(stage)` assembles fragments (tables from the
PynamoDB models, KMS, documents bucket, Cognito, SES/SNS, the functions' role
and environment) into a template that `infra.package` merges into Chalice's own
(`chalice package --merge-template`). `infra.deploy` uploads and deploys it.
"""
