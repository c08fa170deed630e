"""The load balancer examples (deploy/nginx-eiso.conf, deploy/haproxy-eiso.cfg) in front
of two real ZEO clients: requests reach both clients, a write through the balancer is
read on both, and when one client stops every request is still answered.

Runs the programs that are installed (Debian packages nginx, haproxy; openssl for the
test certificate); a missing one is skipped with its name.
"""

from eiso.operations import processes
from eiso.operations import zeo
from tests.opshelpers import ROOT
from tests.opshelpers import free_ports
from tests.opshelpers import instance_with_site
from tests.opshelpers import run
from tests.opshelpers import tempdir

import http.client
import json
import shutil
import ssl
import unittest


def get(port, path, https=False, method="GET", body=None, auth=None):
    """(status, body) from the balancer on ``port``, as the browser of iso.example.gov.vn."""
    if https:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=60, context=context)
    else:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": "iso.example.gov.vn" + (f":{port}" if not https else ""),
               "Accept": "application/json" if body is not None else "text/html"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    if auth:
        import base64
        headers["Authorization"] = "Basic " + base64.b64encode(auth.encode()).decode()
    try:
        conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


HAVE_NGINX = bool(shutil.which("nginx") and shutil.which("openssl"))
HAVE_HAPROXY = bool(shutil.which("haproxy"))


class ZEOClients:
    """Layer: the ZEO server and two clients, started once for both balancers."""

    __name__ = "ZEOClients"
    __bases__ = ()

    @classmethod
    def setUp(cls):
        cls.layout = None
        if not (HAVE_NGINX or HAVE_HAPROXY):
            return
        cls.zeo_port, cls.port1, cls.port2, cls.lb_port, cls.lb_port2 = free_ports(5)
        cls.instance = instance_with_site(tempdir(), port=cls.port1)
        zeo.configure(cls.instance, zeo_port=cls.zeo_port, ports=[cls.port1, cls.port2])
        cls.layout = zeo.Layout(cls.instance)
        try:
            zeo.start_server(cls.layout)
            for client in cls.layout.clients:
                zeo.start_client(cls.layout, client)
        except Exception:
            zeo.stop(cls.layout)
            raise

    @classmethod
    def tearDown(cls):
        if cls.layout is not None:
            zeo.stop(cls.layout)


class LoadBalancerBase:
    layer = ZEOClients

    def __getattr__(self, name):
        if name in ("layout", "instance", "port1", "port2", "lb_port", "lb_port2"):
            return getattr(ZEOClients, name)
        raise AttributeError(name)

    def setUp(self):
        for client in self.layout.clients:  # a test may have stopped one
            zeo.start_client(self.layout, client)
        self.work = tempdir("eiso-lb-")
        self.balancer = None

    def tearDown(self):
        if self.balancer is not None and self.balancer.poll() is None:
            processes.stop_pid(self.balancer.pid)
            self.balancer.wait(30)

    def access_count(self, client):
        """Pages served by ``client`` through a balancer (not the balancers' health checks)."""
        log = self.layout.client_var(client) / "log" / "access.log"
        lines = log.read_text().splitlines() if log.exists() else []
        return sum('"GET /VirtualHostBase/' in line for line in lines)

    def check_balancing(self, port, https):
        # the site answers at the root of the public address (virtual hosting)
        status, page = get(port, "/", https)
        self.assertEqual(status, 200)
        self.assertIn("Hệ thống ISO điện tử", page)
        scheme = "https" if https else "http"
        self.assertIn(f'href="{scheme}://iso.example.gov.vn', page)

        before = {client: self.access_count(client) for client in self.layout.clients}
        for _ in range(12):
            self.assertEqual(get(port, "/", https)[0], 200)
        served = {client: self.access_count(client) - before[client] for client in self.layout.clients}
        self.assertEqual(sum(served.values()), 12, served)
        self.assertTrue(all(served.values()), f"one client got nothing: {served}")

        # a write through the balancer, read on both clients directly
        name = f"qua-{scheme}"
        status, _ = get(port, "/", https, "POST",
                        {"@type": "Document", "id": name, "title": "Qua bộ cân bằng tải"}, auth="admin:admin")
        self.assertEqual(status, 201)
        for client_port in (self.port1, self.port2):
            self.assertEqual(processes.http_status(f"http://127.0.0.1:{client_port}/Plone/{name}"), 200)

        # client 2 stops: every request still answered, by client 1
        pid = processes.running(self.layout.client_pidfile("client2"))
        processes.stop_pid(pid)
        statuses = [get(port, f"/{name}", https, auth="admin:admin")[0] for _ in range(6)]
        self.assertEqual(statuses, [200] * 6)


@unittest.skipIf(not HAVE_NGINX, "nginx or openssl not installed: apt-get install nginx")
class TestNginx(LoadBalancerBase, unittest.TestCase):
    def test_nginx_example_config(self):
        work = self.work
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=iso.example.gov.vn", "-keyout", work / "key.pem", "-out", work / "cert.pem")
        site = (ROOT / "deploy" / "nginx-eiso.conf").read_text()
        site = (site.replace("127.0.0.1:8081", f"127.0.0.1:{self.port1}")
                .replace("127.0.0.1:8082", f"127.0.0.1:{self.port2}")
                .replace("443", str(self.lb_port))
                .replace("listen 80;", f"listen {self.lb_port2};")
                .replace("/etc/ssl/certs/iso.example.gov.vn.pem", str(work / "cert.pem"))
                .replace("/etc/ssl/private/iso.example.gov.vn.key", str(work / "key.pem"))
                .replace("/var/log/nginx/", f"{work}/"))
        self.assertIn(f"listen {self.lb_port} ssl", site)
        self.assertIn(f"$host:{self.lb_port}/Plone/VirtualHostRoot", site)
        (work / "site.conf").write_text(site)
        (work / "nginx.conf").write_text(f"""
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{}}
http {{
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    access_log {work}/access.log;
    include {work}/site.conf;
}}
""")
        run("nginx", "-t", "-c", work / "nginx.conf")
        self.balancer = processes.spawn(["nginx", "-c", work / "nginx.conf", "-g", "daemon off;"],
                                        work / "nginx.out")
        self.assertTrue(processes.wait_port("127.0.0.1", self.lb_port, 30, process=self.balancer))
        # plain HTTP is redirected to HTTPS
        status, _ = get(self.lb_port2, "/")
        self.assertEqual(status, 301)
        self.check_balancing(self.lb_port, https=True)


@unittest.skipIf(not HAVE_HAPROXY, "haproxy not installed: apt-get install haproxy")
class TestHAProxy(LoadBalancerBase, unittest.TestCase):
    def test_haproxy_example_config(self):
        cfg = (ROOT / "deploy" / "haproxy-eiso.cfg").read_text()
        cfg = (cfg.replace("127.0.0.1:8081", f"127.0.0.1:{self.port1}")
               .replace("127.0.0.1:8082", f"127.0.0.1:{self.port2}")
               .replace("127.0.0.1:8000", f"127.0.0.1:{self.lb_port}")
               .replace("log /dev/log local0", "log stderr local0"))
        (self.work / "haproxy.cfg").write_text(cfg)
        run("haproxy", "-c", "-f", self.work / "haproxy.cfg")
        self.balancer = processes.spawn(["haproxy", "-db", "-f", self.work / "haproxy.cfg"],
                                        self.work / "haproxy.out")
        self.assertTrue(processes.wait_port("127.0.0.1", self.lb_port, 30, process=self.balancer))
        self.check_balancing(self.lb_port, https=False)
