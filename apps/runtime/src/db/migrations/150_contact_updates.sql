-- Update-contact steps (issue 14): the walk writes a step's attribute changes to the contact in its
-- own transaction, only when the step's ledger row (effects, kind 'contact-update', keyed
-- enrollment:node:visit) is new, so a change is applied once per step. Changes apply in order:
--   { attribute, op: 'set' | 'copy' | 'unset', after }  → the value (null: removed);
--   { attribute, op: 'increment', by }                  → added to the value stored now (a number,
--                                                          numeric text, else 0), so a concurrent
--                                                          change to the contact is never lost.
create function crossroads_apply_contact_changes(attrs jsonb, changes jsonb) returns jsonb
language plpgsql immutable as $$
declare
  change jsonb;
  name text;
  stored jsonb;
  base numeric;
begin
  for change in select value from jsonb_array_elements(changes) loop
    name := change ->> 'attribute';
    if change ->> 'op' = 'increment' then
      stored := attrs -> name;
      base := case
        when jsonb_typeof(stored) = 'number' then (stored #>> '{}')::numeric
        when jsonb_typeof(stored) = 'string' and trim(stored #>> '{}') ~ '^-?[0-9]+(\.[0-9]+)?$'
          then trim(stored #>> '{}')::numeric
        else 0 end;
      attrs := jsonb_set(attrs, array[name], to_jsonb(base + (change ->> 'by')::numeric));
    elsif change -> 'after' is null or jsonb_typeof(change -> 'after') = 'null' then
      attrs := attrs - name;
    else
      attrs := jsonb_set(attrs, array[name], change -> 'after');
    end if;
  end loop;
  return attrs;
end $$;
