"""Seeds a moto server with an AWS organisation for the organisation tests, then waits until moto verifies signatures.

Usage: python3 moto_org_seed.py <endpoint>. Prints one JSON object with the ids and keys the tests use.

The organisation: the management account (123456789012) and three members — one with the ThalianAudit role, one
without it, one suspended (moto's close_account moves an account straight to SUSPENDED).

moto does not check that a role in *another* account exists or trusts the caller (moto 5.2 sts.assume_role: "the role
does not need to exist"); AWS answers such an AssumeRole with AccessDenied. The management identity is therefore
allowed sts:AssumeRole only on the member roles that exist, so moto gives the answer AWS gives for a missing role.
Inside one account moto does evaluate trust policies and their sts:ExternalId condition: the management account's
own ThalianAudit role exercises that.
"""
import json
import sys

import boto3
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
REGION = "us-east-1"
MANAGEMENT = "123456789012"
EXTERNAL_ID = "thalian-org-ext-7"
ROLE = "ThalianAudit"
# Exactly the actions the collector calls (deploy/aws/thalian-member-role.json).
MEMBER_ACTIONS = ["iam:GetAccountAuthorizationDetails", "iam:ListVirtualMFADevices", "iam:GenerateCredentialReport",
                  "iam:GetCredentialReport", "iam:GetAccountSummary", "iam:ListRoles", "iam:GetRole",
                  "cloudtrail:LookupEvents", "sts:GetCallerIdentity", "iam:ListMFADevices", "iam:ListAccessKeys"]


def client(service, key="AKIAIOSFODNN7EXAMPLE", secret="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", token=None):
    return boto3.client(service, endpoint_url=endpoint, region_name=REGION, aws_access_key_id=key,
                        aws_secret_access_key=secret, aws_session_token=token)


def doc(statements):
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def trust_only(principal, condition=None):
    statement = {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}
    if condition:
        statement["Condition"] = condition
    return doc([statement])


org = client("organizations")
organization_id = org.create_organization(FeatureSet="ALL")["Organization"]["Id"]
members = {name: org.create_account(AccountName=name, Email=f"{name}@example.com")["CreateAccountStatus"]["AccountId"]
           for name in ["with-role", "without-role", "suspended"]}
org.close_account(AccountId=members["suspended"])

iam = client("iam")


def user(name, statements):
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="policy", PolicyDocument=doc(statements))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return [key["AccessKeyId"], key["SecretAccessKey"]]


principal = f"arn:aws:iam::{MANAGEMENT}:user/thalian-org"
existing_roles = [f"arn:aws:iam::{MANAGEMENT}:role/{ROLE}", f"arn:aws:iam::{members['with-role']}:role/{ROLE}"]
management_key = user("thalian-org", [
    {"Effect": "Allow", "Action": ["organizations:ListAccounts", "organizations:DescribeOrganization", "iam:ListOrganizationsFeatures"], "Resource": "*"},
    {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": existing_roles},
])
# For the test itself (creating an account later); never given to the collector.
admin_key = user("org-admin", [{"Effect": "Allow", "Action": ["organizations:*"], "Resource": "*"}])
# Not in the organisation's management role: proves a member-account identity cannot connect the organisation.
plain_key = user("not-org", [{"Effect": "Allow", "Action": ["sts:GetCallerIdentity"], "Resource": "*"}])


def member_role(iam_client):
    iam_client.create_role(RoleName=ROLE, AssumeRolePolicyDocument=trust_only(
        principal, {"StringEquals": {"sts:ExternalId": EXTERNAL_ID}}))
    iam_client.put_role_policy(RoleName=ROLE, PolicyName="thalian", PolicyDocument=doc(
        [{"Effect": "Allow", "Action": MEMBER_ACTIONS, "Resource": "*"}]))


member_role(iam)

creds = client("sts").assume_role(RoleArn=f"arn:aws:iam::{members['with-role']}:role/OrganizationAccountAccessRole",
                                  RoleSessionName="seed")["Credentials"]
member_iam = client("iam", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
member_role(member_iam)
member_iam.create_user(UserName="dave-in-member")
member_iam.create_role(RoleName="sibling-reader", AssumeRolePolicyDocument=trust_only(f"arn:aws:iam::{members['without-role']}:root"))
member_iam.create_role(RoleName="outsider-reader", AssumeRolePolicyDocument=trust_only("arn:aws:iam::999999999999:root"))

bad = client("iam", management_key[0], "x" * 40)
for _ in range(10000):
    try:
        bad.list_users()
    except ClientError:
        break
else:
    sys.exit("moto never started checking signatures; is INITIAL_NO_AUTH_ACTION_COUNT set?")

print(json.dumps({"organizationId": organization_id, "management": MANAGEMENT, "members": members,
                  "managementKey": management_key, "adminKey": admin_key, "plainKey": plain_key,
                  "externalId": EXTERNAL_ID, "principalArn": principal}))
