"""Locust users for `make bench-load`: a realistic mix of reading and logging.

Staff sign in with the login form like anyone else, then mostly read (their
projects, an activity, the activities list, the dashboard, a growth plan) and
now and then log an activity with two people and themselves. Experts by
experience read their own involvement and their projects. Every user signs in
as a different account of the scale data set (`demo.scale`), so sessions,
lockouts and caches behave as they would with real people.

`bench.load` passes the targets it looked up in the database through
environment variables (`BENCH_TARGETS`, JSON).
"""

from __future__ import annotations

import datetime
import itertools
import json
import os
import random
import re
from http.cookiejar import DefaultCookiePolicy

from locust import HttpUser, between, task

TARGETS = json.loads(os.environ.get("BENCH_TARGETS", "{}"))
PASSWORD = os.environ.get("BENCH_PASSWORD", "")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_staff = itertools.cycle(TARGETS.get("staff", []))
_experts = itertools.cycle(TARGETS.get("experts", []))


class LoopbackCookies(DefaultCookiePolicy):
    """Keep the site's Secure cookies usable over plain loopback HTTP.

    Production settings mark the session and CSRF cookies Secure; this load runs
    on http://127.0.0.1 with no TLS proxy. requests copies the jar into a fresh
    one (with the default policy) for every request, so the only place to make
    the cookies sendable is as they are stored.
    """

    def set_ok(self, cookie, request) -> bool:
        cookie.secure = False
        return super().set_ok(cookie, request)


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(1, 4)  # people read a page before clicking on

    def account(self) -> dict:
        raise NotImplementedError

    def on_start(self) -> None:
        self.client.cookies.set_policy(LoopbackCookies())
        self.me = self.account()
        login = self.client.get("/account/sign-in/", name="sign in (form)")
        token = CSRF.search(login.text)
        with self.client.post(
            "/account/sign-in/",
            {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "username": self.me["email"],
                "password": PASSWORD,
            },
            name="sign in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign in gave {response.status_code}")

    def read(self, url: str, name: str):
        """GET a page; being sent to sign in again counts as a failure."""
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.ok and "/account/sign-in/" in response.url:
                response.failure("sent to sign in")
            return response

    def csrf_from(self, url: str, name: str) -> str:
        page = self.read(url, name)
        found = CSRF.search(page.text)
        return found.group(1) if found else ""


class Staff(SignedIn):
    weight = 4

    def account(self) -> dict:
        return next(_staff)

    @task(6)
    def project_list(self) -> None:
        self.read("/projects/", "project list")

    @task(6)
    def project_page(self) -> None:
        self.read(f"/projects/{random.choice(self.me['projects'])}/", "project page")

    @task(5)
    def activity_page(self) -> None:
        self.read(f"/projects/activities/{random.choice(self.me['activities'])}/", "activity page")

    @task(3)
    def activity_list(self) -> None:
        self.read("/projects/activities/", "activities list")

    @task(2)
    def dashboard(self) -> None:
        self.read("/dashboard/", "dashboard")

    @task(2)
    def plan_page(self) -> None:
        self.read(f"/projects/plans/{self.me['plan']}/", "plan page")

    @task(2)
    def log_activity(self) -> None:
        project = self.me["led"] and random.choice(self.me["led"])
        if not project:
            return
        url = f"/projects/{project}/activities/new/"
        token = self.csrf_from(url, "log an activity (form)")
        day = datetime.date.today() - datetime.timedelta(days=random.randint(1, 30))
        data = {
            "csrfmiddlewaretoken": token,
            "date_day": str(day.day),
            "date_month": str(day.month),
            "date_year": str(day.year),
            "kind": random.choice(["meeting", "workshop", "focus_group"]),
            "title": "Load test meeting",
            "description": "Planning the next steps together.",
            "duration_hours": "1",
            "duration_minutes_part": "30",
            "what_changed": "",
            "participants-TOTAL_FORMS": "3",
            "participants-INITIAL_FORMS": "0",
            "participants-MIN_NUM_FORMS": "0",
            "participants-MAX_NUM_FORMS": "60",
            "action": "save",
        }
        people = self.me["people"][:2]
        rows = [{"person": str(pk)} for pk in people] + [{"staff": str(self.me["id"])}]
        for index, values in enumerate(rows):
            row = {"part": "attended", "hours": "2", "payment_choice": "paid", **values}
            data.update({f"participants-{index}-{key}": value for key, value in row.items()})
        with self.client.post(
            url, data, name="log an activity (POST)", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"logging gave {response.status_code}")


class Expert(SignedIn):
    weight = 1

    def account(self) -> dict:
        return next(_experts)

    @task(3)
    def my_involvement(self) -> None:
        self.read("/projects/my-involvement/", "my involvement")

    @task(2)
    def my_projects(self) -> None:
        self.read("/projects/", "project list")

    @task(1)
    def a_project(self) -> None:
        if self.me["projects"]:
            self.read(f"/projects/{random.choice(self.me['projects'])}/", "project page")
