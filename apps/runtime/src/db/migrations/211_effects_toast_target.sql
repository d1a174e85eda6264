-- Issue 19 (cost of growth): an email's ledger row carries its templates (payload) and its rendering
-- (prepared), and is updated three times on its way out (sending, the mark before the body, sent).
-- Below Postgres' default threshold (~2 KB) those values stay in the row, so every update copied
-- them: the pricing-page example's effects grew ~7.6 KB per contact. With a low target they are
-- stored out of line (compressed) once and every later version of the row points at them.
alter table effects set (toast_tuple_target = 256);
