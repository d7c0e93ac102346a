"""Project statistics for ``annotator stats`` and the GUI's status bar."""

from __future__ import annotations

from typing import Any

from annotator.store.project import Project
from annotator.store.suggestions import recommender_counts


def project_stats(project: Project) -> dict[str, Any]:
    q = project.conn.execute
    by_label = {r[0]: r[1] for r in q("SELECT label, count(*) FROM annotations GROUP BY label ORDER BY label")}
    by_annotator = {r[0]: r[1] for r in q(
        "SELECT n.name, count(a.id) FROM annotators n LEFT JOIN annotations a ON a.annotator_id = n.id "
        "GROUP BY n.id ORDER BY n.name")}
    status: dict[str, dict[str, int]] = {}
    for name, value, count in q(
            "SELECT n.name, s.status, count(*) FROM paragraph_status s JOIN annotators n ON n.id = s.annotator_id "
            "GROUP BY n.id, s.status ORDER BY n.name"):
        status.setdefault(name, {})[value] = count
    paragraphs = int(project.scalar("SELECT count(*) FROM paragraphs"))
    for name in by_annotator:
        per = status.setdefault(name, {})
        per["todo"] = paragraphs - per.get("done", 0) - per.get("skipped", 0)
    return {
        "articles": int(project.scalar("SELECT count(*) FROM articles")),
        "paragraphs": paragraphs,
        "boilerplate_paragraphs": int(project.scalar("SELECT count(*) FROM paragraphs WHERE boilerplate IS NOT NULL")),
        "annotations": int(project.scalar("SELECT count(*) FROM annotations")),
        "links": int(project.scalar("SELECT count(*) FROM links")),
        "annotations_by_label": by_label,
        "annotations_by_annotator": by_annotator,
        "status_by_annotator": status,
        "suggestions": int(project.scalar("SELECT count(*) FROM annotations WHERE origin = 'suggested'")),
        "recommenders": recommender_counts(project),  # name -> accepted / rejected / edited
    }


def format_stats(stats: dict[str, Any]) -> list[str]:
    lines = [f"articles     {stats['articles']}",
             f"paragraphs   {stats['paragraphs']} ({stats['boilerplate_paragraphs']} boilerplate)",
             f"annotations  {stats['annotations']} ({stats['links']} links)"]
    if stats["annotations_by_label"]:
        lines.append("by label")
        lines += [f"  {k:<12} {v}" for k, v in stats["annotations_by_label"].items()]
    if stats["status_by_annotator"]:
        lines.append("by annotator (annotations; paragraphs done / skipped / todo)")
        for name, st in stats["status_by_annotator"].items():
            lines.append(f"  {name:<12} {stats['annotations_by_annotator'].get(name, 0)}; "
                         f"{st.get('done', 0)} / {st.get('skipped', 0)} / {st.get('todo', 0)}")
    if stats.get("recommenders") or stats.get("suggestions"):
        lines.append(f"suggestions  {stats.get('suggestions', 0)} open; by recommender (accepted / edited / rejected)")
        for name, c in stats.get("recommenders", {}).items():
            lines.append(f"  {name:<12} {c['accepted']} / {c['edited']} / {c['rejected']}")
    return lines
