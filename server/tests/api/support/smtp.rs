//! A real SMTP server for the tests: Python's aiosmtpd (installed by `make test` into
//! target/smtp-sink), collecting what it receives.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub struct SmtpSink {
    child: Child,
    pub port: u16,
    inbox: PathBuf,
    _dir: tempfile::TempDir,
}

/// A port nobody listens on now (for an outage, and to start the sink on later).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

impl SmtpSink {
    pub fn start_on(port: u16) -> SmtpSink {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let python = std::env::var_os("SPORTELLO_TEST_PYTHON")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("target/smtp-sink/bin/python"));
        assert!(
            python.exists(),
            "the e-mail tests need aiosmtpd: run `make smtp-sink` (make test does) or set SPORTELLO_TEST_PYTHON"
        );
        let dir = tempfile::tempdir().expect("dir");
        let inbox = dir.path().join("inbox.jsonl");
        let mut child = Command::new(python)
            .arg(root.join("server/tests/api/support/smtp_sink.py"))
            .arg(port.to_string())
            .arg(&inbox)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the SMTP sink");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("sink output");
        assert_eq!(line.trim(), "ready", "the SMTP sink did not start");
        SmtpSink {
            child,
            port,
            inbox,
            _dir: dir,
        }
    }

    /// What arrived so far: {to, from, subject, body} each.
    pub fn received(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(&self.inbox)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("json line"))
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
