"""Test helper: python3 moto_org_admin.py <endpoint> <key> <secret> <account-name>. Creates an account in the
organisation (as the organisation's administrator would) and prints its id."""
import sys

import boto3

endpoint, key, secret, name = sys.argv[1:5]
org = boto3.client("organizations", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret)
print(org.create_account(AccountName=name, Email=f"{name}@example.com")["CreateAccountStatus"]["AccountId"])
