-- When the message body of an email's current attempt began going to the SMTP server: set just
-- before the body is written (after the server's 354 answer to DATA), in its own commit. Only from
-- then on may the server have the message, so a claim (`sending`) whose worker died is `ambiguous`
-- only if this is set; without it the server cannot have accepted the message (no final dot went
-- out), and the email goes back to `pending` and is sent (issue 18: most ambiguous emails after
-- worker kills had never reached the server). Each claim clears it.
alter table effects add column smtp_data_at timestamptz;
