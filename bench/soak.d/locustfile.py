"""The soak's traffic: people reading (the dashboard, charts, target pages, the read API) and statisticians writing.

Each writer owns figures of its own (T01, a year and a quality), creates each once and then corrects it again and
again, each time with the revision the last answer gave (a compare-and-set, as the forms and the API do). Every
write that the server accepted is counted, so that the soak can find each one in the history afterwards.
"""

import itertools
import json
import os
import random
import threading

from locust import HttpUser, between, events, task

TOKEN = os.environ["SOAK_TOKEN"]
WRITES_FILE = os.environ["SOAK_WRITES"]
# T01's figures the fixture does not hold (it has 2020 and 2024 official), each a writer's own.
FIGURES = [
    (year, quality)
    for year in range(2020, 2027)
    for quality in ("official", "estimate")
    if (year, quality) not in ((2020, "official"), (2024, "official"))
]
NEXT_FIGURE = itertools.count()
ACCEPTED = {}
LOCK = threading.Lock()


class Reader(HttpUser):
    weight = 10
    wait_time = between(0.0, 0.02)

    @task(4)
    def dashboard_page(self):
        self.client.get("/?as_of=2024", name="/ (dashboard)")

    @task(2)
    def target_page(self):
        code = random.choice(["T01", "T05", "T15"])
        self.client.get(f"/targets/{code}", name="/targets/{code}")

    @task(2)
    def chart(self):
        code = random.choice(["T01", "T02", "T05"])
        self.client.get(f"/charts/targets/{code}.png", name="/charts/targets/{code}.png")

    @task(3)
    def api_dashboard(self):
        self.client.get("/api/v1/dashboard", name="/api/v1/dashboard")

    @task(2)
    def api_target(self):
        code = random.choice(["T01", "T05", "T15"])
        self.client.get(f"/api/v1/targets/{code}", name="/api/v1/targets/{code}")


class Writer(HttpUser):
    weight = 1
    wait_time = between(0.02, 0.1)

    def on_start(self):
        index = next(NEXT_FIGURE) % len(FIGURES)
        self.year, self.quality = FIGURES[index]
        self.path = f"/api/v1/targets/T01/measurements/{self.year}/{self.quality}"
        self.revision = None
        self.writes = 0
        self.headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}

    @task
    def write(self):
        # A value unlike the last one each time: re-saving a figure unchanged is no write (no new revision).
        self.writes += 1
        body = {"value": 60.0 + (self.writes % 200) / 10, "note": "soak", "source": "soak"}
        if self.revision is not None:
            body["revision"] = self.revision
        with self.client.put(
            self.path,
            data=json.dumps(body),
            headers=self.headers,
            name="/api/v1/targets/{code}/measurements/{year}/{quality}",
            catch_response=True,
        ) as reply:
            if reply.status_code in (200, 201):
                self.revision = reply.json()["revision"]
                with LOCK:
                    key = f"{self.year}/{self.quality}"
                    ACCEPTED[key] = ACCEPTED.get(key, 0) + 1
                reply.success()
            else:
                reply.failure(f"{reply.status_code}: {reply.text[:200]}")


@events.test_stop.add_listener
def keep_the_writes(**_kwargs):
    with open(WRITES_FILE, "w", encoding="utf-8") as out:
        json.dump(ACCEPTED, out)
