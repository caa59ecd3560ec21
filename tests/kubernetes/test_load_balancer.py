"""The cloud-neutral load-balancer helpers: the address is whichever the cloud reports, decided by shape."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from components.kubernetes.app import app_url
from components.kubernetes.load_balancer import ingress_address


def status(*ingress: dict[str, str | None]) -> SimpleNamespace:
    points = [SimpleNamespace(hostname=i.get("hostname"), ip=i.get("ip")) for i in ingress]
    return SimpleNamespace(load_balancer=SimpleNamespace(ingress=points))


@pytest.mark.parametrize(
    ("given", "address"),
    [
        (status({"hostname": "k8s-kumo-abc.elb.us-east-1.amazonaws.com"}), "k8s-kumo-abc.elb.us-east-1.amazonaws.com"),
        (status({"ip": "20.10.5.4"}), "20.10.5.4"),
        (status({"hostname": "a.example", "ip": "1.2.3.4"}), "a.example"),
        (status({"ip": "1.2.3.4"}, {"ip": "5.6.7.8"}), "1.2.3.4"),
        (status(), None),
        (SimpleNamespace(load_balancer=None), None),
        (None, None),
    ],
)
def test_ingress_address(given: object, address: str | None) -> None:
    assert ingress_address(given) == address


@pytest.mark.parametrize(
    ("address", "port", "url"),
    [
        ("20.10.5.4", 80, "http://20.10.5.4/"),
        ("lb.example", 8080, "http://lb.example:8080/"),
        (None, 80, None),
    ],
)
def test_app_url(address: str | None, port: int, url: str | None) -> None:
    assert app_url(address, port) == url
