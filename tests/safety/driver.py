"""A scripted annotation session for the safety tests, run in a subprocess.

    python -m tests.safety.driver PROJECT --annotator ana --seed 3 [--actions N] [--peers budi] [--wait-articles K]
        [--rolling-backup]

It makes the store calls the GUI makes for user actions (``annotator.services.annotate``),
chosen at random from ``--seed``. Before each action it prints ``I {json}`` (the intent) and
after the call returned, i.e. after the commit, ``A {json}`` (the acknowledgement), each line
flushed at once: a test that kills the process knows which actions were acknowledged and
which one, at most, was in flight. ``--actions 0`` runs until killed.

With ``--peers`` it then records ``done:<annotator>`` in the project and waits, on its own
open connection (as the GUI keeps one), until every peer has done the same, and prints
``SAW <peer> <number of that peer's annotations>``; ``--wait-articles K`` waits for K articles
(a CLI import running at the same time) and prints ``SAW articles <count>``. ``--until-articles K``
(with ``--actions 0``) goes on annotating until the project has K articles.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from typing import Any

# sqlite-utils imports pandas and numpy when they are installed (0.3 s); the session needs neither,
# and the kill test starts this process 50 times
sys.modules.setdefault("pandas", None)  # type: ignore[arg-type]
sys.modules.setdefault("numpy", None)  # type: ignore[arg-type]

from annotator.core.sources import SPECIAL_SOURCES
from annotator.services import annotate
from annotator.services.backup import rolling_backup
from annotator.store import articles as store
from annotator.store.project import Project, open_project

ENTITY = ("PERSON", "ORG", "GPE", "NORP", "EVENT", "ROLE")
SPEAKERS = ("PERSON", "ORG", "NORP")
LABELS = ENTITY + ("QUOTE", "CUE", "CLAIM")
WAIT_S = 60.0


def _out(tag: str, obj: dict[str, Any]) -> None:
    sys.stdout.write(f"{tag} {json.dumps(obj, sort_keys=True)}\n")
    sys.stdout.flush()


class Session:
    def __init__(self, project: Project, annotator: str, rng: random.Random) -> None:
        self.p, self.who, self.rng = project, annotator, rng
        self.pars: list[tuple[int, int, int]] = []  # paragraph id, article id, length
        for (art_id,) in project.conn.execute("SELECT id FROM articles ORDER BY id").fetchall():
            self.pars += [(q.id, art_id, len(q.text)) for q in store.paragraphs(project, art_id)]
        self.article_of = {pid: aid for pid, aid, _ in self.pars}
        self.mine: dict[int, tuple[int, str]] = {}  # annotation id -> (paragraph id, label)
        for ann_id, par_id, label in project.conn.execute(
                "SELECT a.id, a.paragraph_id, a.label FROM annotations a JOIN annotators n ON n.id = a.annotator_id "
                "WHERE n.name = ?", (annotator,)):
            self.mine[ann_id] = (par_id, label)

    def _pick(self, labels: tuple[str, ...], article: int | None = None) -> int | None:
        found = [i for i, (par, lab) in self.mine.items()
                 if lab in labels and (article is None or self.article_of[par] == article)]
        return self.rng.choice(sorted(found)) if found else None

    def next_action(self) -> dict[str, Any]:
        r = self.rng.random()
        if r < 0.40 or not self.mine:
            par, _, length = self.rng.choice(self.pars)
            start = self.rng.randrange(length)
            end = self.rng.randint(start + 1, min(length, start + 40))
            return {"op": "add", "paragraph": par, "label": self.rng.choice(LABELS), "start": start, "end": end}
        if r < 0.52:
            target = self._pick(ENTITY)
            if target is not None:
                return {"op": "relabel", "id": target, "label": self.rng.choice(ENTITY)}
        if r < 0.64:
            src = self._pick(("QUOTE", "CLAIM"))
            if src is not None:
                kind = "speaker" if self.mine[src][1] == "QUOTE" else "claimant"
                tgt = self._pick(SPEAKERS, self.article_of[self.mine[src][0]])
                if tgt is not None and self.rng.random() < 0.7:
                    return {"op": "link", "source": src, "kind": kind, "target": tgt, "special": None}
                return {"op": "link", "source": src, "kind": kind, "target": None,
                        "special": self.rng.choice(sorted(SPECIAL_SOURCES))}
        if r < 0.68:
            src = self._pick(("QUOTE", "CLAIM"))
            if src is not None:
                kind = "speaker" if self.mine[src][1] == "QUOTE" else "claimant"
                return {"op": "unlink", "source": src, "kind": kind}
        if r < 0.80:
            par, _, _ = self.rng.choice(self.pars)
            return {"op": "status", "paragraph": par, "status": self.rng.choice(("todo", "done", "skipped"))}
        if r < 0.90:
            src = self._pick(("QUOTE", "CLAIM"))
            if src is not None:
                if self.mine[src][1] == "QUOTE":
                    return {"op": "attr", "id": src, "key": "kind", "value": self.rng.choice(("direct", "indirect"))}
                return {"op": "attr", "id": src, "key": "checkworthy", "value": self.rng.choice(("yes", "no"))}
        victim = self._pick(LABELS)
        assert victim is not None
        return {"op": "delete", "id": victim}

    def run(self, act: dict[str, Any]) -> dict[str, Any]:
        op, p, who = act["op"], self.p, self.who
        if op == "add":
            ann = annotate.add_annotation(p, act["paragraph"], who, act["label"], act["start"], act["end"])
            self.mine[ann.id] = (act["paragraph"], act["label"])
            return {**act, "id": ann.id}
        if op == "relabel":
            annotate.relabel(p, act["id"], act["label"], who)
            self.mine[act["id"]] = (self.mine[act["id"]][0], act["label"])
        elif op == "link":
            annotate.link(p, act["source"], act["kind"], who, target_id=act["target"], special=act["special"])
        elif op == "unlink":
            annotate.unlink(p, act["source"], act["kind"], who)
        elif op == "status":
            annotate.set_status(p, act["paragraph"], who, act["status"])
        elif op == "attr":
            annotate.set_attribute(p, act["id"], act["key"], act["value"], who)
        elif op == "delete":
            annotate.delete_annotation(p, act["id"], who)
            del self.mine[act["id"]]
        return act


def _wait(project: Project, peers: list[str], articles: int | None) -> None:
    deadline = time.monotonic() + WAIT_S
    for peer in peers:
        while project.get_meta(f"done:{peer}") is None:
            if time.monotonic() > deadline:
                raise SystemExit(f"timed out waiting for {peer}")
            time.sleep(0.02)
        count = project.scalar("SELECT count(*) FROM annotations a JOIN annotators n ON n.id = a.annotator_id "
                               "WHERE n.name = ?", (peer,))
        _out("SAW", {"peer": peer, "annotations": count})
    if articles is not None:
        while (count := store.article_count(project)) < articles:
            if time.monotonic() > deadline:
                raise SystemExit(f"timed out waiting for {articles} articles (have {count})")
            time.sleep(0.02)
        _out("SAW", {"peer": "articles", "annotations": count})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("project")
    ap.add_argument("--annotator", default="ana")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--actions", type=int, default=0)
    ap.add_argument("--peers", default="")
    ap.add_argument("--wait-articles", type=int)
    ap.add_argument("--until-articles", type=int, help="with --actions 0: go on until the project has this many")
    ap.add_argument("--rolling-backup", action="store_true",
                    help="after opening, make the rolling backup as the window does at start-up (XDG_DATA_HOME)")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    with open_project(args.project, create=False) as project:
        if args.rolling_backup:  # the window's start-up: its own file checked and copied while it is open here
            rolling_backup(args.project)
        session = Session(project, args.annotator, rng)
        _out("READY", {"annotations": len(session.mine)})
        n = 0
        deadline = time.monotonic() + WAIT_S
        while args.actions == 0 or n < args.actions:
            if args.until_articles is not None and n % 10 == 0:
                if store.article_count(project) >= args.until_articles:  # a fresh read, on the open connection
                    break
                if time.monotonic() > deadline:
                    raise SystemExit(f"timed out waiting for {args.until_articles} articles")
            act = session.next_action()
            _out("I", act)
            _out("A", session.run(act))
            n += 1
        peers = [x for x in args.peers.split(",") if x]
        if peers:
            project.set_meta(f"done:{args.annotator}", str(n))
        _wait(project, peers, args.wait_articles)
    return 0


if __name__ == "__main__":
    sys.exit(main())
