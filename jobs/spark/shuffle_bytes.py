"""Sums what a Spark run shuffled, from its event log: bytes written by shuffle map tasks, in
all and per stage, for the README's bytes-per-document figures.

    python jobs/spark/shuffle_bytes.py EVENT_LOG_FILE [DOCUMENTS]
"""

import json
import sys
from collections import defaultdict


def main(argv):
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    per_stage = defaultdict(int)
    names = {}
    read = 0
    with open(argv[0], encoding="utf-8") as log:
        for line in log:
            event = json.loads(line)
            kind = event.get("Event")
            if kind == "SparkListenerStageSubmitted":
                info = event["Stage Info"]
                names[info["Stage ID"]] = info["Stage Name"]
            elif kind == "SparkListenerTaskEnd":
                metrics = event.get("Task Metrics") or {}
                written = metrics.get("Shuffle Write Metrics", {}).get("Shuffle Bytes Written", 0)
                per_stage[event["Stage ID"]] += written
                r = metrics.get("Shuffle Read Metrics", {})
                read += r.get("Remote Bytes Read", 0) + r.get("Local Bytes Read", 0)
    total = sum(per_stage.values())
    docs = int(argv[1]) if len(argv) > 1 else None
    per = f", {total / docs:,.0f} bytes per document" if docs else ""
    print(f"shuffle written: {total:,} bytes{per}; read: {read:,} bytes")
    for stage, written in sorted(per_stage.items(), key=lambda x: -x[1])[:8]:
        if written:
            print(f"  stage {stage} ({names.get(stage, '?')[:60]}): {written:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
