//! E-mail copies of Comunicazioni, over SMTP. The message is already in the portal; this
//! only delivers it, retrying when the mail server is down, so an outage loses nothing.

use app::backend::store::messages::{self, Delivery, Outgoing};
use lettre::message::{header::ContentType, Mailbox};
use lettre::transport::smtp::AsyncSmtpTransportBuilder;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::AnyPool;

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

/// Whether the settings can make a mailer (checked when the configuration is read, before
/// any runtime exists: nothing is built or connected here).
pub fn check(smtp_url: &str, from: &str) -> Result<(), String> {
    parts(smtp_url, from).map(|_| ())
}

fn parts(smtp_url: &str, from: &str) -> Result<(AsyncSmtpTransportBuilder, Mailbox), String> {
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
        .map_err(|e| format!("smtp-url: {e}"))?
        .timeout(Some(std::time::Duration::from_secs(20)));
    let from = from
        .parse::<Mailbox>()
        .map_err(|e| format!("mail-from {from:?}: {e}"))?;
    Ok((transport, from))
}

impl Mailer {
    /// Needs the Tokio runtime (the connection pool lives on it).
    pub fn new(smtp_url: &str, from: &str) -> Result<Mailer, String> {
        let (transport, from) = parts(smtp_url, from)?;
        Ok(Mailer {
            transport: transport.build(),
            from,
        })
    }

    async fn send(&self, m: &Outgoing, to: &str) -> Result<(), String> {
        let to: Mailbox = format!("{} <{to}>", m.recipient.replace(['<', '>', '"'], ""))
            .parse()
            .map_err(|e| format!("address {to:?}: {e}"))?;
        let from = Mailbox::new(Some(m.ente.clone()), self.from.email.clone());
        let body = format!(
            "{}\n\n--\n{}\nQuesta comunicazione è anche nella tua area personale del portale dei servizi scolastici, \
             in Comunicazioni.\n",
            m.body, m.ente
        );
        let email = Message::builder()
            .from(from)
            .to(to)
            .subject(m.title.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| e.to_string())?;
        self.transport
            .send(email)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// Sends what is due now; how many were sent.
    pub async fn deliver_due(
        &self,
        db: &AnyPool,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<u32, app::backend::store::StoreError> {
        let mut sent = 0;
        for m in messages::claim_emails(db, now, 50).await? {
            let outcome = match &m.to {
                None => Delivery::NoAddress,
                Some(to) => match self.send(&m, to).await {
                    Ok(()) => Delivery::Sent,
                    Err(e) => {
                        tracing::warn!(message = %m.id, error = %e, "e-mail not sent; will retry");
                        Delivery::Failed(e)
                    }
                },
            };
            if outcome == Delivery::Sent {
                sent += 1;
            }
            messages::email_done(db, &m.id, &outcome, now).await?;
        }
        Ok(sent)
    }
}
