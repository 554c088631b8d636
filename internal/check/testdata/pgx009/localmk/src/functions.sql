CREATE FUNCTION lmk_label(integer) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT label FROM lmk_items WHERE id = $1 $$;
