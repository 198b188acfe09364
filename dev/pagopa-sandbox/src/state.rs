//! The in-memory platform: debt positions of every organization, carts and receipts, and
//! the rules that move a position through DRAFT → PUBLISHED/VALID → PAID.

use crate::model::{Cart, OptionStatus, Position, PositionStatus, Receipt};
use crate::problem::Problem;
use crate::receipt_xml::{self, Psp};
use crate::time::Timestamp;
use crate::validation::CartRequest;
use std::collections::HashMap;
use std::fmt;
use std::time::Instant;

/// How a notice was paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    /// Online, through the Checkout page.
    Checkout,
    /// At a PSP's counter (tabaccheria, post office) with the printed notice.
    Counter,
    /// Reported by the creditor itself (paid outside pagoPA): no receipt.
    Creditor,
}

/// Why a notice cannot be paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayError {
    /// No position has this notice number.
    NotFound,
    /// The same notice number exists for several organizations: say which one.
    Ambiguous,
    AlreadyPaid,
    /// The position is DRAFT (not on the platform yet), INVALID, EXPIRED …
    NotPayable(PositionStatus),
    /// The cart's amount differs from the notice's.
    AmountMismatch {
        expected: u64,
    },
}

impl fmt::Display for PayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PayError::NotFound => write!(f, "no debt position has this notice number"),
            PayError::Ambiguous => write!(f, "several organizations have this notice number"),
            PayError::AlreadyPaid => write!(f, "the notice is already paid"),
            PayError::NotPayable(PositionStatus::Draft) => {
                write!(
                    f,
                    "the debt position is DRAFT (not published yet) and cannot be paid"
                )
            }
            PayError::NotPayable(s) => {
                write!(f, "the debt position is {} and cannot be paid", s.as_str())
            }
            PayError::AmountMismatch { expected } => {
                write!(f, "the amount differs from the notice's ({expected} cents)")
            }
        }
    }
}

impl std::error::Error for PayError {}

/// A notice just paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaidNotice {
    pub organization: String,
    pub iuv: String,
    pub nav: String,
}

/// Outcome of the "Paga" button.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CartPayment {
    Paid,
    AlreadyPaid,
}

#[derive(Default)]
pub struct Store {
    positions: Vec<Position>,
    carts: HashMap<String, Cart>,
    receipts: Vec<Receipt>,
    next_seq: u64,
}

fn not_found(org: &str, iupd: &str) -> Problem {
    Problem::not_found(
        "Not found the debt position",
        format!("Not found a debt position for Organization Fiscal Code {org} and IUPD {iupd}"),
    )
}

impl Store {
    /// Time-driven transitions, applied lazily before every read or write.
    pub fn refresh(&mut self, now: Timestamp) {
        for p in &mut self.positions {
            if p.status == PositionStatus::Published && p.validity_date.is_some_and(|v| v <= now) {
                p.status = PositionStatus::Valid;
                p.last_updated = now;
            }
            let overdue = p
                .options
                .iter()
                .filter(|o| o.status == OptionStatus::Unpaid)
                .all(|o| o.due_date < now);
            if p.switch_to_expired
                && matches!(p.status, PositionStatus::Published | PositionStatus::Valid)
                && overdue
            {
                p.status = PositionStatus::Expired;
                p.last_updated = now;
            }
        }
    }

    pub fn positions(&self) -> &[Position] {
        &self.positions
    }

    fn index(&self, org: &str, iupd: &str) -> Option<usize> {
        self.positions
            .iter()
            .position(|p| p.organization == org && p.iupd == iupd)
    }

    pub fn get(&self, org: &str, iupd: &str) -> Option<&Position> {
        self.index(org, iupd).and_then(|i| self.positions.get(i))
    }

    fn get_mut(&mut self, org: &str, iupd: &str) -> Result<&mut Position, Problem> {
        let i = self.index(org, iupd).ok_or_else(|| not_found(org, iupd))?;
        self.positions
            .get_mut(i)
            .ok_or_else(|| not_found(org, iupd))
    }

    /// Stores a validated position; `iupd` and every `iuv` must be new for the organization.
    pub fn create(
        &mut self,
        mut position: Position,
        publish: bool,
        now: Timestamp,
    ) -> Result<Position, Problem> {
        let org = position.organization.clone();
        let clash = self
            .positions
            .iter()
            .filter(|p| p.organization == org)
            .any(|p| {
                p.iupd == position.iupd
                    || p.options
                        .iter()
                        .any(|o| position.options.iter().any(|n| n.iuv == o.iuv))
            });
        if clash {
            return Err(Problem::conflict(
                "The debt position violated constraints of uniqueness",
                format!(
                    "Already exists a debt position for the Organization Fiscal Code {org} or one of its payment options is not unique"
                ),
            ));
        }
        self.next_seq += 1;
        position.seq = self.next_seq;
        if publish {
            publish_position(&mut position, now)?;
        }
        self.positions.push(position.clone());
        Ok(position)
    }

    pub fn publish(&mut self, org: &str, iupd: &str, now: Timestamp) -> Result<Position, Problem> {
        let p = self.get_mut(org, iupd)?;
        publish_position(p, now)?;
        Ok(p.clone())
    }

    pub fn invalidate(
        &mut self,
        org: &str,
        iupd: &str,
        now: Timestamp,
    ) -> Result<Position, Problem> {
        let p = self.get_mut(org, iupd)?;
        if !matches!(p.status, PositionStatus::Published | PositionStatus::Valid) {
            return Err(Problem::conflict(
                "Existing related payment found or not in invalidable state",
                format!(
                    "A payment transaction has already been carried out or, the debt position with Organization Fiscal Code {org} and IUPD {iupd}, is not in invalidable state"
                ),
            ));
        }
        p.status = PositionStatus::Invalid;
        p.last_updated = now;
        Ok(p.clone())
    }

    pub fn delete(&mut self, org: &str, iupd: &str) -> Result<(), Problem> {
        let i = self.index(org, iupd).ok_or_else(|| not_found(org, iupd))?;
        if self
            .positions
            .get(i)
            .is_some_and(|p| p.status.has_payments())
        {
            return Err(Problem::conflict(
                "Existing related payment found",
                format!(
                    "A payment transaction has already been carried out on the debt position with Organization Fiscal Code {org} and IUPD {iupd}"
                ),
            ));
        }
        self.positions.remove(i);
        Ok(())
    }

    /// (position, option) indices of a notice number, optionally for one organization.
    fn locate(&self, org: Option<&str>, nav: &str) -> Result<(usize, usize), PayError> {
        let mut found = self.positions.iter().enumerate().filter_map(|(pi, p)| {
            if org.is_some_and(|org| org != p.organization) {
                return None;
            }
            p.options
                .iter()
                .position(|o| o.nav == nav)
                .map(|oi| (pi, oi))
        });
        match (found.next(), found.next()) {
            (Some(hit), None) => Ok(hit),
            (Some(_), Some(_)) => Err(PayError::Ambiguous),
            (None, _) => Err(PayError::NotFound),
        }
    }

    /// Can the notice be paid now (by the platform)?
    fn check_payable(&self, org: Option<&str>, nav: &str) -> Result<(usize, usize), PayError> {
        let (pi, oi) = self.locate(org, nav)?;
        let p = self.positions.get(pi).ok_or(PayError::NotFound)?;
        let o = p.options.get(oi).ok_or(PayError::NotFound)?;
        if o.status == OptionStatus::Paid {
            return Err(PayError::AlreadyPaid);
        }
        match p.status {
            PositionStatus::Published | PositionStatus::Valid => Ok((pi, oi)),
            PositionStatus::PartiallyPaid if o.is_partial_payment => Ok((pi, oi)),
            PositionStatus::Paid | PositionStatus::PartiallyPaid | PositionStatus::Reported => {
                Err(PayError::AlreadyPaid)
            }
            other => Err(PayError::NotPayable(other)),
        }
    }

    /// Pays one notice; for the platform's channels a receipt appears at `receipt_visible_at`.
    pub fn pay(
        &mut self,
        org: Option<&str>,
        nav: &str,
        channel: Channel,
        paid_at: Timestamp,
        receipt_visible_at: Instant,
    ) -> Result<PaidNotice, PayError> {
        let (pi, oi) = self.check_payable(org, nav)?;
        let p = self.positions.get_mut(pi).ok_or(PayError::NotFound)?;
        let psp = Psp::for_channel(channel);
        let receipt_id = uuid::Uuid::now_v7().simple().to_string();
        {
            let o = p.options.get_mut(oi).ok_or(PayError::NotFound)?;
            o.status = OptionStatus::Paid;
            o.payment_date = Some(paid_at);
            o.last_updated = paid_at;
            if let Some(psp) = &psp {
                o.payment_method = Some(psp.payment_method.to_owned());
                o.psp_company = Some(psp.company_name.to_owned());
                o.id_receipt = Some(receipt_id.clone());
            }
        }
        let option_partial = p.options.get(oi).is_some_and(|o| o.is_partial_payment);
        let all_partials_paid = p
            .options
            .iter()
            .filter(|o| o.is_partial_payment)
            .all(|o| o.status == OptionStatus::Paid);
        p.status = if !option_partial || all_partials_paid {
            p.payment_date = Some(paid_at);
            PositionStatus::Paid
        } else {
            PositionStatus::PartiallyPaid
        };
        p.last_updated = paid_at;

        let o = p.options.get(oi).ok_or(PayError::NotFound)?;
        let paid = PaidNotice {
            organization: p.organization.clone(),
            iuv: o.iuv.clone(),
            nav: o.nav.clone(),
        };
        if let Some(psp) = psp {
            self.receipts.push(Receipt {
                organization: p.organization.clone(),
                iuv: o.iuv.clone(),
                debtor: p.debtor.fiscal_code.clone(),
                payment_date_time: paid_at,
                visible_at: receipt_visible_at,
                xml: receipt_xml::render(p, o, &psp, &receipt_id, paid_at),
            });
        }
        Ok(paid)
    }

    /// The option of `org` with notice number `nav` (whatever its state), for the GPD answers.
    pub fn option_of(&self, org: &str, nav: &str) -> Option<(&Position, usize)> {
        let (pi, oi) = self.locate(Some(org), nav).ok()?;
        self.positions.get(pi).map(|p| (p, oi))
    }

    /// Opens a cart: every notice must be payable, for that amount.
    pub fn open_cart(&mut self, request: CartRequest) -> Result<String, Problem> {
        let mut errors = Vec::new();
        for (i, n) in request.notices.iter().enumerate() {
            let check = self
                .check_payable(Some(&n.fiscal_code), &n.notice_number)
                .and_then(|(pi, oi)| {
                    let amount = self
                        .positions
                        .get(pi)
                        .and_then(|p| p.options.get(oi))
                        .map(|o| o.amount)
                        .unwrap_or_default();
                    if amount == n.amount {
                        Ok(())
                    } else {
                        Err(PayError::AmountMismatch { expected: amount })
                    }
                });
            if let Err(e) = check {
                errors.push(format!(
                    "paymentNotices[{i}]: notice {} of {}: {e}",
                    n.notice_number, n.fiscal_code
                ));
            }
        }
        if !errors.is_empty() {
            return Err(Problem::bad_request(errors.join("; ")));
        }
        let id = uuid::Uuid::now_v7().simple().to_string();
        self.carts.insert(
            id.clone(),
            Cart {
                id: id.clone(),
                notices: request.notices,
                return_ok_url: request.return_ok_url,
                return_cancel_url: request.return_cancel_url,
                return_error_url: request.return_error_url,
                email_notice: request.email_notice,
                paid: false,
            },
        );
        Ok(id)
    }

    pub fn cart(&self, id: &str) -> Option<&Cart> {
        self.carts.get(id)
    }

    pub fn carts(&self) -> impl Iterator<Item = &Cart> {
        self.carts.values()
    }

    /// Pays every notice of a cart, all or nothing; a paid cart stays paid (no-op).
    pub fn pay_cart(
        &mut self,
        id: &str,
        now: Timestamp,
        receipt_visible_at: Instant,
    ) -> Result<CartPayment, PayError> {
        let cart = self.carts.get(id).ok_or(PayError::NotFound)?;
        if cart.paid {
            return Ok(CartPayment::AlreadyPaid);
        }
        let notices = cart.notices.clone();
        for n in &notices {
            self.check_payable(Some(&n.fiscal_code), &n.notice_number)?;
        }
        for n in &notices {
            self.pay(
                Some(&n.fiscal_code),
                &n.notice_number,
                Channel::Checkout,
                now,
                receipt_visible_at,
            )?;
        }
        if let Some(cart) = self.carts.get_mut(id) {
            cart.paid = true;
        }
        Ok(CartPayment::Paid)
    }

    /// The organization's receipts visible at `now`, by IUV.
    pub fn receipts(&self, org: &str, now: Instant) -> Vec<&Receipt> {
        let mut out: Vec<&Receipt> = self
            .receipts
            .iter()
            .filter(|r| r.organization == org && r.visible_at <= now)
            .collect();
        out.sort_by(|a, b| a.iuv.cmp(&b.iuv));
        out
    }

    pub fn all_receipts(&self) -> &[Receipt] {
        &self.receipts
    }
}

/// DRAFT → VALID (or PUBLISHED until a future validity date).
fn publish_position(p: &mut Position, now: Timestamp) -> Result<(), Problem> {
    let (org, iupd) = (p.organization.clone(), p.iupd.clone());
    if p.status != PositionStatus::Draft {
        return Err(Problem::conflict(
            "Existing related payment found or not in publishable state",
            format!(
                "A payment transaction has already been carried out or, the debt position with Organization Fiscal Code {org} and IUPD {iupd}, is not in publishable state"
            ),
        ));
    }
    if p.validity_date.is_some_and(|v| v <= now) {
        return Err(Problem::conflict(
            "Publish request occurred after the validity date began",
            format!(
                "A publish request has been made after the validity date began for the debt position with Organization Fiscal Code {org} and IUPD {iupd}"
            ),
        ));
    }
    if p.options.iter().any(|o| o.due_date < now) {
        return Err(Problem::conflict(
            "Publish request occurred after the due date of a payment options has expired",
            format!(
                "A publish request occurred after the due date of a payment options has expired for the debt position with Organization Fiscal Code {org} and IUPD {iupd}"
            ),
        ));
    }
    p.publish_date = Some(now);
    p.last_updated = now;
    match p.validity_date {
        Some(_) => p.status = PositionStatus::Published,
        None => {
            p.validity_date = Some(now);
            p.status = PositionStatus::Valid;
        }
    }
    Ok(())
}
