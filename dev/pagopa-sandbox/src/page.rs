//! The Checkout page a family's browser lands on: Italian, plain HTML, keyboard- and
//! screen-reader-friendly, with the three outcomes the portal must handle.

use crate::model::Cart;
use crate::money::euro_it;
use crate::receipt_xml::escape;

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a;background:#f5f5f5}\
main{max-width:48rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:.5rem}\
h1{font-size:1.6rem;margin-top:0}.nota{background:#fff4d6;padding:.5rem .75rem;border-left:4px solid #a66300}\
table{border-collapse:collapse;width:100%;margin:1rem 0}caption{text-align:left;font-weight:bold;margin-bottom:.5rem}\
th,td{text-align:left;padding:.5rem;border-bottom:1px solid #ccc}td.importo,th.importo{text-align:right;white-space:nowrap}\
.azioni{display:flex;gap:1rem;flex-wrap:wrap;margin-top:1.5rem}.azioni form{margin:0}\
button{font-size:1.1rem;padding:.6rem 1.4rem;border-radius:.3rem;border:2px solid #0047a3;cursor:pointer}\
button.paga{background:#0047a3;color:#fff}button.annulla{background:#fff;color:#0047a3}\
button.errore{background:#fff;color:#a30000;border-color:#a30000}\
button:focus-visible,a:focus-visible{outline:3px solid #ff9900;outline-offset:2px}";

fn document(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"it\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{title} – pagoPA (sandbox)</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        title = escape(title)
    )
}

fn outcome_form(action: &str, outcome: &str, class: &str, label: &str) -> String {
    format!(
        "<form method=\"post\" action=\"{action}\">\
<input type=\"hidden\" name=\"outcome\" value=\"{outcome}\">\
<button type=\"submit\" class=\"{class}\">{label}</button></form>\n"
    )
}

/// The cart: its notices, the total and the buttons Paga / Annulla / Errore.
pub fn cart_page(cart: &Cart) -> String {
    let action = format!("/checkout/pay/{}", escape(&cart.id));
    let mut rows = String::new();
    for n in &cart.notices {
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"importo\">{}</td></tr>\n",
            escape(&n.company_name),
            escape(&n.description),
            escape(&n.notice_number),
            euro_it(n.amount)
        ));
    }
    let total: u64 = cart.notices.iter().map(|n| n.amount).sum();
    let status = if cart.paid {
        "<p role=\"status\"><strong>Questo carrello è già stato pagato.</strong> Premendo «Paga» \
torni al sito dell'ente senza pagare di nuovo.</p>\n"
    } else {
        ""
    };
    let body = format!(
        "<h1>Paga con pagoPA</h1>\n\
<p class=\"nota\">Ambiente di prova: nessun addebito reale.</p>\n{status}\
<table>\n<caption>Avvisi da pagare</caption>\n<thead><tr><th scope=\"col\">Ente</th>\
<th scope=\"col\">Descrizione</th><th scope=\"col\">Codice avviso</th>\
<th scope=\"col\" class=\"importo\">Importo</th></tr></thead>\n<tbody>\n{rows}</tbody>\n\
<tfoot><tr><th scope=\"row\" colspan=\"3\">Totale</th><td class=\"importo\">{total}</td></tr></tfoot>\n</table>\n\
<div class=\"azioni\">\n{pay}{cancel}{error}</div>\n",
        total = euro_it(total),
        pay = outcome_form(&action, "ok", "paga", "Paga"),
        cancel = outcome_form(&action, "cancel", "annulla", "Annulla"),
        error = outcome_form(&action, "error", "errore", "Errore"),
    );
    document("Pagamento", &body)
}

/// A page with only a message (unknown cart, bad request).
pub fn message_page(title: &str, message: &str) -> String {
    document(
        title,
        &format!("<h1>{}</h1>\n<p>{}</p>\n", escape(title), escape(message)),
    )
}
