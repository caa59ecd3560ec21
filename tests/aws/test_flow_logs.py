"""VPC flow logs (LOG-03): the data layer's flow log, its encrypted log group and its delivery role."""

from __future__ import annotations

from components.aws import mocks
from components.records import Plan
from tests.aws.conftest import DATA, REGION, named, policy

ACCOUNT = mocks.ACCOUNT_ID
GROUP_ARN = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/kumo/contract/vpc-flow-logs"


def test_the_vpc_logs_all_traffic_to_its_group_through_the_role(contract: Plan) -> None:
    flow_log = contract.one("aws:ec2/flowLog:FlowLog")
    vpc = contract.one("aws:ec2/vpc:Vpc")
    role = named(contract, "aws:iam/role:Role")["contract-flow-logs-role"]
    assert flow_log.name == "contract-flow-logs"
    assert {k: v for k, v in flow_log.inputs.items() if k != "tags"} == {
        "vpcId": vpc.id,
        "trafficType": "ALL",
        "logDestinationType": "cloud-watch-logs",
        "logDestination": GROUP_ARN,
        "iamRoleArn": f"arn:aws:iam::{ACCOUNT}:role/{role.id}",
        "maxAggregationInterval": 60.0,
    }
    assert "contract-flow-logs-delivery" in {
        r.name for r in contract.resources if r.urn in flow_log.options["depends_on"]
    }


def test_the_group_is_encrypted_with_the_cluster_key_and_kept_a_year(contract: Plan) -> None:
    group = named(contract, "aws:cloudwatch/logGroup:LogGroup")["contract-flow-logs"]
    key = named(contract, "aws:kms/key:Key")["contract-cluster-key"]
    assert group.inputs["name"] == "/kumo/contract/vpc-flow-logs"
    assert group.inputs["retentionInDays"] == 365.0
    assert group.inputs["kmsKeyId"] == f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{key.id}"
    statements = {s["Sid"]: s for s in policy(key)["Statement"]}
    allowed = statements["CloudWatchLogsForKumoGroups"]["Condition"]["ArnEquals"]["kms:EncryptionContext:aws:logs:arn"]
    assert GROUP_ARN in allowed


def test_the_role_is_assumed_only_by_this_accounts_flow_logs_and_writes_one_group(contract: Plan) -> None:
    role = named(contract, "aws:iam/role:Role")["contract-flow-logs-role"]
    assert policy(role, "assumeRolePolicy")["Statement"] == [
        {
            "Effect": "Allow",
            "Principal": {"Service": "vpc-flow-logs.amazonaws.com"},
            "Action": "sts:AssumeRole",
            "Condition": {
                "StringEquals": {"aws:SourceAccount": ACCOUNT},
                "ArnLike": {"aws:SourceArn": f"arn:aws:ec2:{REGION}:{ACCOUNT}:vpc-flow-log/*"},
            },
        }
    ]
    grant = named(contract, "aws:iam/rolePolicy:RolePolicy")["contract-flow-logs-delivery"]
    assert grant.inputs["role"] == role.id
    assert policy(grant)["Statement"] == [
        {
            "Sid": "DeliverToTheFlowLogGroup",
            "Effect": "Allow",
            "Action": [
                "logs:CreateLogStream",
                "logs:PutLogEvents",
                "logs:DescribeLogGroups",
                "logs:DescribeLogStreams",
            ],
            "Resource": [GROUP_ARN, f"{GROUP_ARN}:*"],
        }
    ]


def test_flow_logs_belong_to_the_data_layer(contract: Plan) -> None:
    data = contract.one(DATA)
    for type_ in ("aws:ec2/flowLog:FlowLog", "aws:iam/rolePolicy:RolePolicy"):
        mine = [r for r in contract.of_type(type_) if r.name.startswith("contract-flow-logs")]
        assert mine and all(r.parent == data.urn for r in mine)
