"""AWS prices read from the AWS Price List Query API: `pricing:GetProducts` at its us-east-1 endpoint.

Each SKU key (components/aws/pricing.py) is one or more GetProducts requests: a service code and TERM_MATCH
filters (always the region's `regionCode`), then the products whose usage type fits and the On-Demand price
dimension whose unit is the expected one. A request answers with `PriceList`, a list of JSON documents
(`product.attributes`, `terms.OnDemand.<offer>.priceDimensions.<rate>.pricePerUnit.USD`), paged by
`NextToken` (https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_pricing_GetProducts.html).

The API needs AWS credentials (any identity allowed `pricing:GetProducts`). boto3 and botocore are imported
only when a refresh runs; `refresh(..., client=...)` takes a ready client (the tests' botocore Stubber).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from components.aws.preflight_session import AUTH_CODES, DENIED_CODES
from components.cost import Price, PriceSourceError

ENDPOINT_REGION = "us-east-1"
API = "https://api.pricing.us-east-1.amazonaws.com"
CREDENTIALS_HINT = (
    "the AWS Price List API needs AWS credentials allowed pricing:GetProducts: set AWS_PROFILE and run "
    "`aws sso login`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
)
NETWORK_HINT = "kumo reads AWS prices from api.pricing.us-east-1.amazonaws.com: check the connection (or HTTPS_PROXY)"

HOURS = (("Hrs", 1.0), ("Hours", 1.0))
GB_MONTHS = (("GB-Mo", 1.0), ("GB-month", 1.0))


@dataclass(frozen=True)
class Query:
    """One GetProducts request, and which of its products' prices is the one wanted."""

    service: str
    filters: tuple[tuple[str, str], ...]
    usagetype: str | None = None
    """A pattern the product's usage type must match whole (None: any)."""
    units: tuple[tuple[str, float], ...] | None = HOURS
    """Price List unit -> factor to kumo's unit (None: any unit, as it is)."""

    def request(self) -> dict[str, Any]:
        return {
            "ServiceCode": self.service,
            "Filters": [{"Type": "TERM_MATCH", "Field": f, "Value": v} for f, v in self.filters],
            "FormatVersion": "aws_v1",
            "MaxResults": 100,
        }

    def source(self) -> str:
        return f"{API} GetProducts ServiceCode={self.service} " + " ".join(f"{f}={v}" for f, v in self.filters)


def _prefixed(usagetype: str) -> str:
    """A usage type with or without its region prefix (us-east-1 `NatGateway-Hours`, `EUC1-NatGateway-Hours`)."""
    return rf"(?:[A-Z0-9]+-)?{re.escape(usagetype)}"


def _ebs(family: str, volume: str, units: tuple[tuple[str, float], ...], group: str = "") -> Query:
    group_filter = (("group", group),) if group else ()
    return Query("AmazonEC2", (("productFamily", family), ("volumeApiName", volume), *group_filter), None, units)


_PER_CLUSTER = Query("AmazonEKS", (("operation", "CreateOperation"),), _prefixed("AmazonEKS-Hours:perCluster"))
_EXTENDED = Query("AmazonEKS", (("operation", "ExtendedSupport"),), _prefixed("AmazonEKS-Hours:extendedSupport"))

FIXED: dict[str, tuple[str, tuple[Query, ...]]] = {
    # sku: (kumo's unit, the requests whose prices add up to it), each request less its regionCode filter
    "eks:cluster:standard": ("hour", (_PER_CLUSTER,)),
    "eks:cluster:extended": ("hour", (_PER_CLUSTER, _EXTENDED)),
    "ebs:gp3": ("GB-month", (_ebs("Storage", "gp3", GB_MONTHS),)),
    "ebs:io2": ("GB-month", (_ebs("Storage", "io2", GB_MONTHS),)),
    "ebs:gp3:iops": ("IOPS-month", (_ebs("System Operation", "gp3", (("IOPS-Mo", 1.0),), "EBS IOPS"),)),
    "ebs:io2:iops": ("IOPS-month", (_ebs("System Operation", "io2", (("IOPS-Mo", 1.0),), "EBS IOPS"),)),
    # The Price List gives gp3 throughput per GiBps-month: $40.96 is $0.04 per MiBps-month.
    "ebs:gp3:throughput": (
        "MiBps-month",
        (_ebs("Provisioned Throughput", "gp3", (("GiBps-mo", 1 / 1024), ("MiBps-Mo", 1.0), ("MiBps-mo", 1.0))),),
    ),
    "vpc:nat-gateway": (
        "hour",
        (Query("AmazonEC2", (("productFamily", "NAT Gateway"),), _prefixed("NatGateway-Hours")),),
    ),
    "vpc:public-ipv4": (
        "hour",
        (Query("AmazonVPC", (("group", "VPCPublicIPv4Address"),), _prefixed("PublicIPv4:InUseAddress")),),
    ),
    "elb:nlb": (
        "hour",
        (Query("AWSELB", (("productFamily", "Load Balancer-Network"),), _prefixed("LoadBalancerUsage")),),
    ),
    "efs:standard": (
        "GB-month",
        (Query("AmazonEFS", (("productFamily", "Storage"),), _prefixed("TimedStorage-ByteHrs"), (("GB-Mo", 1.0),)),),
    ),
    # KMS usage types carry the region's code (`us-east-1-KMS-Keys`), not a prefix.
    "kms:key": ("month", (Query("awskms", (), r"(?:[a-z0-9-]+-)?KMS-Keys", None),)),
}


def queries(sku: str, region: str) -> tuple[str, tuple[Query, ...]] | None:
    """(kumo's unit, the requests whose prices add up to the SKU's) for a SKU key in a region; None for a key
    this module does not know."""
    region_filter = ("regionCode", region)
    parts = sku.split(":")
    if len(parts) == 3 and parts[0] == "ec2" and parts[2] == "on-demand":
        filters = (
            region_filter,
            ("instanceType", parts[1]),
            ("operatingSystem", "Linux"),
            ("tenancy", "Shared"),
            ("preInstalledSw", "NA"),
            ("capacitystatus", "Used"),
            ("operation", "RunInstances"),
        )
        return "hour", (Query("AmazonEC2", filters),)
    if sku not in FIXED:
        return None
    unit, requests = FIXED[sku]
    return unit, tuple(replace(q, filters=(region_filter, *q.filters)) for q in requests)


def refresh(wanted: Sequence[tuple[str, str]], today: date, *, client: Any = None) -> list[Price]:
    """Read the (sku, region) prices from the AWS Price List Query API. A SKU it does not list (or lists
    ambiguously) is left out; `PriceSourceError` with a hint when the API cannot be reached or refuses."""
    if client is None:
        client = _client()
    answers: dict[Query, list[dict[str, Any]]] = {}
    prices: list[Price] = []
    for sku, region in wanted:
        found = queries(sku, region)
        if found is None:
            continue
        unit, parts = found
        read = []
        for query in parts:
            if query not in answers:
                answers[query] = _products(client, query)
            read.append(_price(answers[query], query))
        if any(r is None for r in read):
            continue
        usd = round(sum(r[0] for r in read if r is not None), 10)
        source = " + ".join(q.source() for q in parts)
        description = " + ".join(r[1] for r in read if r is not None)
        prices.append(Price(sku, region, unit, usd, source, today, description))
    return prices


def _price(documents: list[dict[str, Any]], query: Query) -> tuple[float, str] | None:
    """The one On-Demand price (and its description) of the products that fit; None when none or several."""
    found: dict[float, str] = {}
    for document in documents:
        attributes = (document.get("product") or {}).get("attributes") or {}
        if query.usagetype and not re.fullmatch(query.usagetype, str(attributes.get("usagetype", ""))):
            continue
        for term in ((document.get("terms") or {}).get("OnDemand") or {}).values():
            for dimension in (term.get("priceDimensions") or {}).values():
                unit = str(dimension.get("unit", ""))
                factor = 1.0 if query.units is None else dict(query.units).get(unit)
                listed = (dimension.get("pricePerUnit") or {}).get("USD")
                if factor is None or listed is None or str(dimension.get("beginRange", "0")) != "0":
                    continue  # another unit, another currency, or a tier past the first
                usd = round(float(listed) * factor, 10)
                found[usd] = str(dimension.get("description", ""))
    return next(iter(found.items())) if len(found) == 1 else None


def _products(client: Any, query: Query) -> list[dict[str, Any]]:
    """Every product document one request answers, over all its pages."""
    documents: list[dict[str, Any]] = []
    params = query.request()
    while True:
        answer = _call(client, params, query)
        documents.extend(json.loads(item) for item in answer.get("PriceList", []))
        token = answer.get("NextToken")
        if not token:
            return documents
        params = {**query.request(), "NextToken": token}


def _call(client: Any, params: dict[str, Any], query: Query) -> dict[str, Any]:
    from botocore import exceptions as aws

    unusable = (
        aws.NoCredentialsError,
        aws.PartialCredentialsError,
        aws.SSOError,
        aws.TokenRetrievalError,
        aws.CredentialRetrievalError,
        aws.ProfileNotFound,
    )
    try:
        return client.get_products(**params)
    except unusable as error:
        raise PriceSourceError(
            f"no usable AWS credentials for the AWS Price List API: {error}", CREDENTIALS_HINT
        ) from error
    except aws.ClientError as error:
        code = str(error.response.get("Error", {}).get("Code", ""))
        message = str(error.response.get("Error", {}).get("Message", ""))
        if code in AUTH_CODES or code in DENIED_CODES:
            raise PriceSourceError(
                f"the AWS Price List API refused the request ({code}): {message}", CREDENTIALS_HINT
            ) from error
        raise PriceSourceError(
            f"the AWS Price List API answered {code}: {message}", f"retry later; the request was {query.source()}"
        ) from error
    except (aws.ConnectionError, aws.HTTPClientError) as error:
        raise PriceSourceError(f"the AWS Price List API could not be reached: {error}", NETWORK_HINT) from error


def _client() -> Any:
    """A pricing client on the default credential chain; `PriceSourceError` when the chain finds none."""
    import boto3
    from botocore import exceptions as aws
    from botocore.config import Config

    try:
        session = boto3.Session()
        credentials = session.get_credentials()
    except aws.BotoCoreError as error:
        raise PriceSourceError(
            f"no usable AWS credentials for the AWS Price List API: {error}", CREDENTIALS_HINT
        ) from error
    if credentials is None:
        raise PriceSourceError("no AWS credentials found for the AWS Price List API", CREDENTIALS_HINT)
    config = Config(connect_timeout=10, read_timeout=30, retries={"max_attempts": 3, "mode": "standard"})
    return session.client("pricing", region_name=ENDPOINT_REGION, config=config)
