"""The fetch policy as pure functions: address kinds, allowed hosts and networks, which link targets resolve."""
from __future__ import annotations
import pytest
from crawler.addresses import AddressPolicy, address_kind, as_ip
from crawler.extract.links import extract_links, resolve


@pytest.mark.parametrize("address, kind", [
    ("127.0.0.2", "loopback"), ("::1", "loopback"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("100.100.100.200", "shared (CGNAT)"),  # Alibaba Cloud's metadata service
    ("fd00:ec2::254", "private"), ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("192.168.1.1", "private"),
    ("0.0.0.0", "unspecified"), ("::ffff:127.0.0.1", "loopback"), ("64:ff9b::a9fe:a9fe", "link-local"),
    ("224.0.0.1", "multicast"), ("202.116.64.1", None), ("2001:da8::1", None),  # public (CERNET)
])
def test_address_kinds(address, kind):
    assert address_kind(as_ip(address)) == kind


def test_policy_allows_the_configured_hosts_by_name_and_listed_networks():
    policy = AddressPolicy.build(["127.0.0.1", "Intranet.School.EDU.cn."], ["10.0.0.0/8"])
    assert policy.refusal("127.0.0.1", "127.0.0.1") is None
    assert policy.refusal("localhost", "127.0.0.1") == "loopback"      # same address, other name
    assert policy.refusal("intranet.school.edu.cn", "172.20.0.5") is None
    assert policy.refusal("evil.example", "10.9.9.9") is None             # allow_networks
    assert policy.refusal("evil.example", "::ffff:10.9.9.9") is None
    assert policy.refusal("evil.example", "192.168.0.1") == "private"
    assert policy.literal_refusal("127.0.0.2") == "loopback" and policy.literal_refusal("www.x.cn") is None


def test_links_keep_file_and_ftp_targets_to_report_them_but_resolve_stays_http_only():
    page = ('<base href="http://www.x.edu.cn/a/"><a href="file:///etc/passwd">f</a><a href="FTP://10.0.0.1/x">g</a>'
            '<a href="smb://fs/share">s</a><a href="mailto:a@x.cn">m</a><a href="javascript:void(0)">j</a>'
            '<a href="data:text/html,hi">d</a><a href="weixin://dl/chat">w</a><a href="b.htm">b</a>')
    assert [link.url for link in extract_links(page, "http://www.x.edu.cn/")] == [
        "file:///etc/passwd", "ftp://10.0.0.1/x", "smb://fs/share", "http://www.x.edu.cn/a/b.htm"]
    assert resolve("http://www.x.edu.cn/", "file:///etc/passwd") is None
    assert resolve("file:///srv/", "x.htm") is None and resolve("file:///srv/", "x.htm", unfetched=True)

