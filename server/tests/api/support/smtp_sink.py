"""A real local SMTP server for the e-mail tests (aiosmtpd): each message received is
appended, decoded, as one JSON line to the file given. Prints "ready" once listening."""
import json
import sys
import threading
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


class Collect:
    def __init__(self, path):
        self.path = path

    async def handle_DATA(self, server, session, envelope):
        msg = message_from_bytes(envelope.content, policy=policy.default)
        body = msg.get_body(preferencelist=("plain",))
        record = {
            "to": envelope.rcpt_tos,
            "from": str(msg["From"]),
            "subject": str(msg["Subject"]),
            "body": body.get_content() if body is not None else "",
        }
        with open(self.path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return "250 OK"


port, path = int(sys.argv[1]), sys.argv[2]
controller = Controller(Collect(path), hostname="127.0.0.1", port=port)
controller.start()
print("ready", flush=True)
threading.Event().wait()
