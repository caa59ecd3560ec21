"""The API reachability probe against loopback endpoints: one that answers, one that refuses, one that hangs."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from cli import reachability


def test_answers() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        assert reachability.probe("127.0.0.1", server.getsockname()[1], 2) == reachability.Probe(True, "answers")


def test_refuses() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    found = reachability.probe("127.0.0.1", port, 2)
    assert found == reachability.Probe(False, f"127.0.0.1:{port} Connection refused")


def test_does_not_resolve(monkeypatch: pytest.MonkeyPatch) -> None:
    def nxdomain(*_a: object, **_k: object) -> list:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(reachability.socket, "getaddrinfo", nxdomain)
    found = reachability.probe("api.example.internal", 443, 2)
    assert found == reachability.Probe(False, "api.example.internal does not resolve here (Name or service not known)")


def test_a_resolver_that_hangs_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()

    def hang(*_a: object, **_k: object) -> list:
        release.wait(30)
        raise socket.gaierror("released")

    monkeypatch.setattr(reachability.socket, "getaddrinfo", hang)
    started = time.monotonic()
    try:
        found = reachability.probe("api.example.internal", 443, 0.2)
    finally:
        release.set()
    assert found == reachability.Probe(False, "no answer from api.example.internal:443 within 0.2 s")
    assert time.monotonic() - started < 5


def test_message_names_the_ways_in() -> None:
    access = {
        "host": "abc.gr7.us-east-1.eks.amazonaws.com",
        "port": 443,
        "ways_in": ["inside VPC vpc-1", "VPN from 10.99.0.0/16"],
    }
    message, hint = reachability.unreachable_message("aws-prod", access, reachability.Probe(False, "timed out"))
    assert message == (
        "aws-prod: the cluster's API endpoint abc.gr7.us-east-1.eks.amazonaws.com:443 does not answer "
        "from here (timed out); the in-cluster layer was not changed (the data and cluster layers are "
        "as they were)"
    )
    assert hint == "run it where the endpoint answers: inside VPC vpc-1; or VPN from 10.99.0.0/16"


def test_message_for_a_public_endpoint() -> None:
    access = {"host": "h", "public": True, "ways_in": []}
    _, hint = reachability.unreachable_message("d", access, reachability.Probe(False, "x"))
    assert hint == "the endpoint is public: check that this machine's address is in api.authorized_cidrs"


def test_message_for_an_identity_gated_endpoint() -> None:
    access = {"host": "gke-0123.us-central1.gke.goog", "public": False, "ways_in": []}
    _, hint = reachability.unreachable_message("gcp-prod", access, reachability.Probe(False, "x"))
    assert hint == (
        "the endpoint is identity-gated: check that this machine reaches the endpoint's host and that "
        "your identity may connect to the cluster"
    )
