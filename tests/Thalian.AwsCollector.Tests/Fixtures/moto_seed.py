"""Seeds a moto server for the collector tests, then waits until moto verifies signatures.

Usage: python3 moto_seed.py <endpoint>. Prints one JSON object with the keys the tests use.
Every request before moto's INITIAL_NO_AUTH_ACTION_COUNT is unauthenticated; the loop at the end
keeps calling with a wrong secret until moto rejects it, so from then on signatures are checked.
"""
import json
import sys

import boto3
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
REGION = "us-east-1"
ACCOUNT1 = "123456789012"
ACCOUNT2 = "222222222222"


def client(service, key="AKIAIOSFODNN7EXAMPLE", secret="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", token=None):
    return boto3.client(service, endpoint_url=endpoint, region_name=REGION, aws_access_key_id=key,
                        aws_secret_access_key=secret, aws_session_token=token)


def doc(statements):
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


MINIMAL = ["iam:GetAccountAuthorizationDetails", "iam:ListVirtualMFADevices", "iam:GenerateCredentialReport",
           "iam:GetCredentialReport", "iam:GetAccountSummary", "iam:ListRoles", "iam:GetRole",
           "cloudtrail:LookupEvents", "sts:GetCallerIdentity"]

iam = client("iam")
iam.create_group(GroupName="admins")
iam.attach_group_policy(GroupName="admins", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")

iam.create_user(UserName="alice", Tags=[{"Key": "email", "Value": "alice@example.com"}])
iam.add_user_to_group(GroupName="admins", UserName="alice")
iam.create_login_profile(UserName="alice", Password="Sup3r-secret-pass!")
iam.create_access_key(UserName="alice")
serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="alice-phone")["VirtualMFADevice"]["SerialNumber"]
iam.enable_mfa_device(UserName="alice", SerialNumber=serial, AuthenticationCode1="123456", AuthenticationCode2="654321")

iam.create_user(UserName="bob")
iam.create_login_profile(UserName="bob", Password="An0ther-pass!")
iam.create_access_key(UserName="bob")
iam.create_access_key(UserName="bob")
iam.put_user_policy(UserName="bob", PolicyName="s3-plus", PolicyDocument=doc(
    [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::a+b/*"}]))
arn = iam.create_policy(PolicyName="ReadThings", PolicyDocument=doc(
    [{"Effect": "Allow", "Action": ["ec2:Describe*"], "Resource": "*"}]))["Policy"]["Arn"]
iam.attach_user_policy(UserName="bob", PolicyArn=arn)

iam.create_role(RoleName="vendor-audit", AssumeRolePolicyDocument=doc(
    [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"}, "Action": "sts:AssumeRole"}]))
iam.attach_role_policy(RoleName="vendor-audit", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
iam.create_role(RoleName="lambda-exec", AssumeRolePolicyDocument=doc(
    [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]))


def auditor(name, actions):
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="thalian", PolicyDocument=doc(
        [{"Effect": "Allow", "Action": actions, "Resource": "*"}]))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return [key["AccessKeyId"], key["SecretAccessKey"]]


keys = {
    "minimal": auditor("auditor-minimal", MINIMAL),
    "full": auditor("auditor-full", MINIMAL + ["iam:ListMFADevices", "iam:ListAccessKeys"]),
    "nogaad": auditor("auditor-no-gaad", [a for a in MINIMAL if a != "iam:GetAccountAuthorizationDetails"]),
    "assume": auditor("auditor-assume", ["sts:AssumeRole", "sts:GetCallerIdentity"]),
}

# Account 2, reached only through AssumeRole with an ExternalId.
role_arn = f"arn:aws:iam::{ACCOUNT2}:role/ThalianAudit"
creds = client("sts").assume_role(RoleArn=role_arn, RoleSessionName="seed", ExternalId="thalian-ext-42")["Credentials"]
iam2 = client("iam", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
iam2.create_role(RoleName="ThalianAudit", AssumeRolePolicyDocument=doc(
    [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT1}:root"}, "Action": "sts:AssumeRole",
      "Condition": {"StringEquals": {"sts:ExternalId": "thalian-ext-42"}}}]))
iam2.put_role_policy(RoleName="ThalianAudit", PolicyName="thalian", PolicyDocument=doc(
    [{"Effect": "Allow", "Action": MINIMAL, "Resource": "*"}]))
iam2.create_user(UserName="carol-in-account-two")

bad = client("iam", keys["minimal"][0], "x" * 40)
for _ in range(10000):
    try:
        bad.list_users()
    except ClientError:
        break
else:
    sys.exit("moto never started checking signatures; is INITIAL_NO_AUTH_ACTION_COUNT set?")

print(json.dumps({"account1": ACCOUNT1, "account2": ACCOUNT2, "keys": keys, "roleArn": role_arn, "externalId": "thalian-ext-42"}))
