"""`refresh` against GetProducts answers of the AWS Price List Query API, through botocore's Stubber.

The answers are in tests/fixtures/prices/aws/ (their README cites the API reference for their shape and says
which are copies of a recorded answer). The Stubber checks each request's parameters exactly: the service
code and TERM_MATCH filters below are what kumo asks for each SKU.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import EndpointConnectionError
from botocore.session import get_session
from botocore.stub import Stubber

from components.aws.pricing_source import refresh
from components.cost import Price, PriceSourceError

FIXTURES = Path(__file__).parents[1] / "fixtures" / "prices" / "aws"
TODAY = date(2026, 12, 2)
API = "https://api.pricing.us-east-1.amazonaws.com GetProducts"
EC2_LINUX = "operatingSystem=Linux tenancy=Shared preInstalledSw=NA capacitystatus=Used operation=RunInstances"
CREDENTIALS_HINT = (
    "the AWS Price List API needs AWS credentials allowed pricing:GetProducts: set AWS_PROFILE and run "
    "`aws sso login`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
)


def answer(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def request(service: str, *filters: tuple[str, str], token: str | None = None) -> dict[str, Any]:
    params: dict[str, Any] = {
        "ServiceCode": service,
        "Filters": [{"Type": "TERM_MATCH", "Field": f, "Value": v} for f, v in filters],
        "FormatVersion": "aws_v1",
        "MaxResults": 100,
    }
    return params | ({"NextToken": token} if token else {})


@pytest.fixture
def client() -> Iterator[Any]:
    session = get_session()
    yield session.create_client(
        "pricing",
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        config=Config(retries={"total_max_attempts": 1}),
    )


USE1 = ("regionCode", "us-east-1")
EC2 = (USE1, ("instanceType", "m7i.xlarge"), ("operatingSystem", "Linux"), ("tenancy", "Shared"),
       ("preInstalledSw", "NA"), ("capacitystatus", "Used"), ("operation", "RunInstances"))  # fmt: skip
CALLS = [
    (request("AmazonEC2", *EC2), "ec2-m7i-xlarge-us-east-1.json"),
    (request("AmazonEKS", USE1, ("operation", "CreateOperation")), "eks-per-cluster-us-east-1-page-1.json"),
    (request("AmazonEKS", USE1, ("operation", "CreateOperation"), token="page-2-of-eks-per-cluster"),
     "eks-per-cluster-us-east-1-page-2.json"),
    (request("AmazonEKS", USE1, ("operation", "ExtendedSupport")), "eks-extended-support-us-east-1.json"),
    (request("AmazonEC2", USE1, ("productFamily", "Storage"), ("volumeApiName", "gp3")), "ebs-gp3-storage-us-east-1.json"),
    (request("AmazonEC2", USE1, ("productFamily", "Provisioned Throughput"), ("volumeApiName", "gp3")),
     "ebs-gp3-throughput-us-east-1.json"),
    (request("AmazonEC2", USE1, ("productFamily", "NAT Gateway")), "nat-gateway-us-east-1.json"),
    (request("AmazonVPC", ("regionCode", "eu-west-1"), ("group", "VPCPublicIPv4Address")), "public-ipv4-eu-west-1.json"),
    (request("AWSELB", USE1, ("productFamily", "Load Balancer-Network")), "nlb-us-east-1.json"),
    (request("AmazonEFS", USE1, ("productFamily", "Storage")), "efs-storage-us-east-1.json"),
    (request("awskms", USE1), "kms-us-east-1.json"),
]  # fmt: skip
WANTED = [
    ("ec2:m7i.xlarge:on-demand", "us-east-1"),
    ("eks:cluster:extended", "us-east-1"),
    ("eks:cluster:standard", "us-east-1"),  # its request was answered for the extended price: not asked again
    ("ebs:gp3", "us-east-1"),
    ("ebs:gp3:throughput", "us-east-1"),
    ("vpc:nat-gateway", "us-east-1"),
    ("vpc:public-ipv4", "eu-west-1"),
    ("elb:nlb", "us-east-1"),
    ("efs:standard", "us-east-1"),
    ("kms:key", "us-east-1"),
]


def test_refresh_reads_each_price_from_its_request(client: Any) -> None:
    with Stubber(client) as stub:
        for params, name in CALLS:
            stub.add_response("get_products", answer(name), params)
        prices = refresh(WANTED, TODAY, client=client)
        stub.assert_no_pending_responses()
    per_cluster = f"{API} ServiceCode=AmazonEKS regionCode=us-east-1 operation=CreateOperation"
    assert prices == [
        Price("ec2:m7i.xlarge:on-demand", "us-east-1", "hour", 0.2016,
              f"{API} ServiceCode=AmazonEC2 regionCode=us-east-1 instanceType=m7i.xlarge {EC2_LINUX}", TODAY,
              "$0.2016 per On Demand Linux m7i.xlarge Instance Hour"),
        Price("eks:cluster:extended", "us-east-1", "hour", 0.6,
              f"{per_cluster} + {API} ServiceCode=AmazonEKS regionCode=us-east-1 operation=ExtendedSupport", TODAY,
              "Amazon EKS cluster usage in US East (N. Virginia) + "
              "Amazon EKS extended support per cluster hour in US East (N. Virginia)"),
        Price("eks:cluster:standard", "us-east-1", "hour", 0.1, per_cluster, TODAY,
              "Amazon EKS cluster usage in US East (N. Virginia)"),
        Price("ebs:gp3", "us-east-1", "GB-month", 0.08,
              f"{API} ServiceCode=AmazonEC2 regionCode=us-east-1 productFamily=Storage volumeApiName=gp3", TODAY,
              "$0.08 per GB-month of General Purpose (gp3) provisioned storage - US East (N. Virginia)"),
        # listed as $40.96 per GiBps-month: $0.04 per MiBps-month
        Price("ebs:gp3:throughput", "us-east-1", "MiBps-month", 0.04,
              f"{API} ServiceCode=AmazonEC2 regionCode=us-east-1 productFamily=Provisioned Throughput "
              "volumeApiName=gp3", TODAY, "$0.04 per provisioned MiBps-month of gp3 - US East (N. Virginia)"),
        # the per-GB data processing product of the same family is not the hourly price
        Price("vpc:nat-gateway", "us-east-1", "hour", 0.045,
              f"{API} ServiceCode=AmazonEC2 regionCode=us-east-1 productFamily=NAT Gateway", TODAY,
              "$0.045 per NAT Gateway Hour"),
        Price("vpc:public-ipv4", "eu-west-1", "hour", 0.005,
              f"{API} ServiceCode=AmazonVPC regionCode=eu-west-1 group=VPCPublicIPv4Address", TODAY,
              "$0.005 per In-use public IPv4 address per hour"),
        Price("elb:nlb", "us-east-1", "hour", 0.0225,
              f"{API} ServiceCode=AWSELB regionCode=us-east-1 productFamily=Load Balancer-Network", TODAY,
              "$0.0225 per Network LoadBalancer-hour (or partial hour)"),
        Price("efs:standard", "us-east-1", "GB-month", 0.3,
              f"{API} ServiceCode=AmazonEFS regionCode=us-east-1 productFamily=Storage", TODAY,
              "USD $0.30 per GB-Mo for Standard storage in US East (N. Virginia)"),
        Price("kms:key", "us-east-1", "month", 1.0, f"{API} ServiceCode=awskms regionCode=us-east-1", TODAY,
              "$1 per customer master key (CMK) per month - US East (N. Virginia)"),
    ]  # fmt: skip


def test_a_sku_the_price_list_lacks_or_kumo_does_not_know_is_left_out(client: Any) -> None:
    ap_south_2 = (("regionCode", "ap-south-2"), *EC2[1:])
    with Stubber(client) as stub:
        stub.add_response("get_products", answer("empty.json"), request("AmazonEC2", *ap_south_2))
        prices = refresh(
            [("ec2:m7i.xlarge:on-demand", "ap-south-2"), ("lb:classic", "us-east-1")], TODAY, client=client
        )
        stub.assert_no_pending_responses()
    assert prices == []


def test_no_credentials_is_a_price_source_error_with_the_hint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
                 "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                 "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    with pytest.raises(PriceSourceError) as raised:
        refresh([("kms:key", "us-east-1")], TODAY)
    assert (str(raised.value), raised.value.hint) == (
        "no AWS credentials found for the AWS Price List API",
        CREDENTIALS_HINT,
    )


def test_refused_credentials_are_a_price_source_error_with_the_hint(client: Any) -> None:
    with Stubber(client) as stub:
        stub.add_client_error(
            "get_products", "UnrecognizedClientException", "The security token included in the request is invalid.", 400
        )
        with pytest.raises(PriceSourceError) as raised:
            refresh([("kms:key", "us-east-1")], TODAY, client=client)
    assert str(raised.value) == (
        "the AWS Price List API refused the request (UnrecognizedClientException): "
        "The security token included in the request is invalid."
    )
    assert raised.value.hint == CREDENTIALS_HINT


def test_no_network_is_a_price_source_error_with_the_hint(client: Any) -> None:
    def unreachable(**_: Any) -> None:
        raise EndpointConnectionError(endpoint_url="https://api.pricing.us-east-1.amazonaws.com/")

    client.meta.events.register("before-send.pricing.GetProducts", unreachable)
    with pytest.raises(PriceSourceError) as raised:
        refresh([("kms:key", "us-east-1")], TODAY, client=client)
    assert str(raised.value) == (
        "the AWS Price List API could not be reached: Could not connect to the endpoint URL: "
        '"https://api.pricing.us-east-1.amazonaws.com/"'
    )
    assert raised.value.hint == (
        "kumo reads AWS prices from api.pricing.us-east-1.amazonaws.com: check the connection (or HTTPS_PROXY)"
    )


def test_another_api_error_names_the_request(client: Any) -> None:
    with Stubber(client) as stub:
        stub.add_client_error("get_products", "ThrottlingException", "Rate exceeded", 400)
        with pytest.raises(PriceSourceError) as raised:
            refresh([("kms:key", "us-east-1")], TODAY, client=client)
    assert str(raised.value) == "the AWS Price List API answered ThrottlingException: Rate exceeded"
    assert raised.value.hint == f"retry later; the request was {API} ServiceCode=awskms regionCode=us-east-1"
