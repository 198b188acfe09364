//! The receipt document: what the platform sends the creditor in paSendRTV2 and what the
//! receipts service returns as is (a `PaSendRTV2Request` whose `receipt` is a ctReceiptV2 of
//! paForNode.xsd; its elements are unqualified, as the XSD has no elementFormDefault).

use crate::model::{Debtor, Destination, PaymentOption, Position};
use crate::money::decimal;
use crate::state::Channel;
use crate::time::{format, rome_date, Timestamp};
use std::fmt::Write;

/// The fictional PSP that "collected" the money.
#[derive(Clone, Debug)]
pub struct Psp {
    pub id: &'static str,
    pub fiscal_code: &'static str,
    pub company_name: &'static str,
    pub channel: &'static str,
    pub channel_description: &'static str,
    pub payment_method: &'static str,
    /// The payer's commission, in cents (on top of the amount, never part of it).
    pub fee: u64,
}

impl Psp {
    /// None for payments the creditor reports itself: no PSP, no receipt.
    pub fn for_channel(channel: Channel) -> Option<Psp> {
        match channel {
            Channel::Checkout => Some(Psp {
                id: "SANDBOXPSP01",
                fiscal_code: "00000000000",
                company_name: "PSP Sandbox S.p.A.",
                channel: "SANDBOXPSP01_ONLINE",
                channel_description: "onLine",
                payment_method: "creditCard",
                fee: 100,
            }),
            Channel::Counter => Some(Psp {
                id: "SANDBOXPSP02",
                fiscal_code: "00000000000",
                company_name: "Tabaccheria Sandbox",
                channel: "SANDBOXPSP02_ATM",
                channel_description: "NA",
                payment_method: "cash",
                fee: 200,
            }),
            Channel::Creditor => None,
        }
    }
}

/// Escapes text for XML content.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// At most `max` characters (the XSD's stTextNN types).
fn cut(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

struct Xml {
    out: String,
    depth: usize,
}

impl Xml {
    fn open(&mut self, name: &str) {
        let _ = writeln!(self.out, "{:indent$}<{name}>", "", indent = self.depth * 4);
        self.depth += 1;
    }

    fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        let _ = writeln!(self.out, "{:indent$}</{name}>", "", indent = self.depth * 4);
    }

    fn leaf(&mut self, name: &str, value: &str) {
        let _ = writeln!(
            self.out,
            "{:indent$}<{name}>{}</{name}>",
            "",
            escape(value),
            indent = self.depth * 4
        );
    }

    fn opt(&mut self, name: &str, value: Option<&str>) {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            self.leaf(name, v);
        }
    }

    fn metadata(&mut self, pairs: &[(String, String)]) {
        if pairs.is_empty() {
            return;
        }
        self.open("metadata");
        for (k, v) in pairs {
            self.open("mapEntry");
            self.leaf("key", k);
            self.leaf("value", v);
            self.close("mapEntry");
        }
        self.close("metadata");
    }

    /// ctSubject.
    fn subject(&mut self, name: &str, d: &Debtor) {
        self.open(name);
        self.open("uniqueIdentifier");
        self.leaf("entityUniqueIdentifierType", &d.kind);
        self.leaf("entityUniqueIdentifierValue", &cut(&d.fiscal_code, 16));
        self.close("uniqueIdentifier");
        self.leaf("fullName", &cut(&d.full_name, 70));
        self.opt(
            "streetName",
            d.street_name.as_deref().map(|s| cut(s, 70)).as_deref(),
        );
        self.opt(
            "civicNumber",
            d.civic_number.as_deref().map(|s| cut(s, 16)).as_deref(),
        );
        self.opt(
            "postalCode",
            d.postal_code.as_deref().map(|s| cut(s, 16)).as_deref(),
        );
        self.opt("city", d.city.as_deref().map(|s| cut(s, 35)).as_deref());
        self.opt(
            "stateProvinceRegion",
            d.province.as_deref().map(|s| cut(s, 35)).as_deref(),
        );
        self.opt("country", d.country.as_deref());
        self.opt("e-mail", d.email.as_deref());
        self.close(name);
    }
}

/// The receipt of option `o` of position `p`, paid at `paid_at` through `psp`.
pub fn render(
    p: &Position,
    o: &PaymentOption,
    psp: &Psp,
    receipt_id: &str,
    paid_at: Timestamp,
) -> String {
    let org = &p.organization;
    let mut x = Xml {
        out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"),
        depth: 0,
    };
    x.open("PaSendRTV2Request");
    x.leaf("idPA", org);
    x.leaf("idBrokerPA", org);
    x.leaf("idStation", &format!("{org}_01"));
    x.open("receipt");
    x.leaf("receiptId", receipt_id);
    x.leaf("noticeNumber", &o.nav);
    x.leaf("fiscalCode", org);
    x.leaf("outcome", "OK");
    x.leaf("creditorReferenceId", &o.iuv);
    x.leaf("paymentAmount", &decimal(o.amount));
    x.leaf("description", &o.description);
    x.leaf("companyName", &p.company_name);
    x.opt("officeName", p.office_name.as_deref());
    x.subject("debtor", &p.debtor);
    x.open("transferList");
    for t in &o.transfers {
        x.open("transfer");
        x.leaf("idTransfer", &t.id_transfer);
        x.leaf("transferAmount", &decimal(t.amount));
        x.leaf(
            "fiscalCodePA",
            t.organization_fiscal_code.as_deref().unwrap_or(org),
        );
        x.opt("companyName", t.company_name.as_deref());
        match &t.destination {
            Destination::Iban(iban) => x.leaf("IBAN", iban),
            Destination::Stamp(stamp) => x.leaf("MBDAttachment", &stamp.hash_document),
        }
        x.leaf("remittanceInformation", &t.remittance_information);
        x.leaf("transferCategory", &t.category);
        x.metadata(&t.metadata);
        x.close("transfer");
    }
    x.close("transferList");
    x.leaf("idPSP", psp.id);
    x.leaf("pspFiscalCode", psp.fiscal_code);
    x.leaf("PSPCompanyName", psp.company_name);
    x.leaf("idChannel", psp.channel);
    x.leaf("channelDescription", psp.channel_description);
    x.subject("payer", &p.debtor);
    x.leaf("paymentMethod", psp.payment_method);
    x.leaf("fee", &decimal(psp.fee));
    x.leaf("paymentDateTime", &format(&paid_at));
    let day = rome_date(&paid_at).to_string();
    x.leaf("applicationDate", &day);
    x.leaf("transferDate", &day);
    x.metadata(&o.metadata);
    x.leaf("standIn", "false");
    x.close("receipt");
    x.close("PaSendRTV2Request");
    x.out
}
