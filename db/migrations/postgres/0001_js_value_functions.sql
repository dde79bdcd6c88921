-- JavaScript's String(v) and Number(v) of a JSON value, for segment rules: an attribute comparison in SQL
-- means what it means in the condition node (the SQLite store registers js_string/js_number as JavaScript
-- functions on its connection). JSON numbers round to the nearest double as JSON.parse does; NaN is NULL.
--
-- js_string and js_number are SQL functions that the planner inlines into the calling query, with the
-- common values (numbers within float8's range, plain decimal strings) converted right there. The rare
-- cases go to PL/pgSQL helpers: PL/pgSQL keeps its plans for the session, where a nested SQL function
-- would be planned again on every call.

-- The double nearest a numeric, as JSON.parse and Number() round: ±Infinity from 2^1024 - 2^970 up,
-- ±0 at 2^-1075 and below (float8's own cast refuses both ends).
CREATE FUNCTION js_float8(n numeric) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN abs(n) >= power(2::numeric, 1024) - power(2::numeric, 970) THEN
      CASE WHEN n > 0 THEN 'Infinity'::float8 ELSE '-Infinity'::float8 END
    WHEN abs(n) < 1e-320 AND abs(n) * power(2::numeric, 1075) <= 1 THEN
      CASE WHEN n < 0 THEN '-0'::float8 ELSE 0::float8 END
    ELSE n::float8
  END
$$;
--> statement-breakpoint

-- Number::toString: String(x) of a number. float8 prints the shortest digits that read back as x
-- (extra_float_digits > 0, the default), in plain form from 1e-4 to 1e15, where JavaScript does too.
-- Elsewhere the digits are laid out JavaScript's way (plain from 1e-7 to 1e21, else 'd.ddde+XX').
-- From 2^53 to 1e41 the shortest digits can lie on the rounding boundary, half an ulp from x: JavaScript
-- takes them when x's mantissa is even, float8 never does (1.4025912388832419e+17 for 140259123888324200).
-- float8's digits rounded down or up to one digit fewer give that boundary; it reads back as x just then.
CREATE FUNCTION js_number_text(x double precision) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  t text := x::text;
  sign text := '';
  digits text;
  e int;
  quantum int;
  shorter numeric;
BEGIN
  IF x = 0 THEN
    RETURN '0';
  ELSIF x IN ('Infinity', '-Infinity', 'NaN') OR t NOT LIKE '%e%' THEN
    RETURN t;
  END IF;
  IF x < 0 THEN
    sign := '-';
    t := substr(t, 2);
  END IF;
  digits := replace(split_part(t, 'e', 1), '.', '');
  e := split_part(t, 'e', 2)::int;
  IF abs(x) >= 9007199254740992 AND abs(x) < 1e41 AND length(digits) > 1 THEN
    quantum := e - length(digits) + 2;
    shorter := trunc(t::numeric, -quantum);
    IF shorter::float8 <> abs(x) THEN
      shorter := trunc(shorter + power(10::numeric, quantum));
    END IF;
    IF shorter::float8 = abs(x) THEN
      digits := rtrim(shorter::text, '0');
      e := length(shorter::text) - 1;
    END IF;
  END IF;
  IF e >= 21 OR e <= -7 THEN
    RETURN sign || left(digits, 1) || CASE WHEN length(digits) > 1 THEN '.' || substr(digits, 2) ELSE '' END
      || 'e' || CASE WHEN e < 0 THEN '-' ELSE '+' END || abs(e)::text;
  ELSIF e < 0 THEN
    RETURN sign || '0.' || repeat('0', -e - 1) || digits;
  ELSIF length(digits) <= e + 1 THEN
    RETURN sign || digits || repeat('0', e + 1 - length(digits));
  ELSE
    RETURN sign || left(digits, e + 1) || '.' || substr(digits, e + 2);
  END IF;
END
$$;
--> statement-breakpoint

-- A JavaScript decimal literal's value ('12', '-.5', '5.e3', '00.10E+2'), past numeric's exponent range
-- too: it becomes 0.<significant digits>e<magnitude> once the magnitude is known to be near a double's.
CREATE FUNCTION js_decimal_float8(t text) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  p text[] := regexp_match(t, '^([+-]?)([0-9]*)\.?([0-9]*)(?:[eE]([+-]?[0-9]+))?$');
  negative boolean := p[1] = '-';
  digits text := p[2] || p[3];
  significant text := rtrim(ltrim(digits, '0'), '0');
  magnitude bigint;
BEGIN
  IF significant = '' THEN
    RETURN CASE WHEN negative THEN '-0'::float8 ELSE 0::float8 END;
  END IF;
  -- An exponent of more than six digits puts the value far past a double's range either way.
  IF length(ltrim(ltrim(coalesce(p[4], '0'), '+-'), '0')) > 6 THEN
    magnitude := CASE WHEN p[4] LIKE '-%' THEN -10000000 ELSE 10000000 END;
  ELSE
    magnitude := coalesce(p[4], '0')::int;
  END IF;
  magnitude := magnitude + length(p[2]) - (length(digits) - length(ltrim(digits, '0')));
  IF magnitude < -400 THEN
    RETURN CASE WHEN negative THEN '-0'::float8 ELSE 0::float8 END;
  ELSIF magnitude > 400 THEN
    RETURN CASE WHEN negative THEN '-Infinity'::float8 ELSE 'Infinity'::float8 END;
  END IF;
  RETURN js_float8((p[1] || '0.' || significant || 'e' || magnitude::text)::numeric);
END
$$;
--> statement-breakpoint

-- The value of hexadecimal, octal or binary digits (after 0x, 0o, 0b: 4, 3 or 1 bits a digit), rounded
-- to the nearest double.
CREATE FUNCTION js_radix_float8(digits text, bits int) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  d text := ltrim(digits, '0');
  value numeric := 0;
BEGIN
  IF (length(d) - 1) * bits >= 1024 THEN
    RETURN 'Infinity'::float8;
  END IF;
  FOR i IN 1 .. length(d) LOOP
    value := value * (1 << bits) + (position(lower(substr(d, i, 1)) IN '0123456789abcdef') - 1);
  END LOOP;
  RETURN js_float8(value);
END
$$;
--> statement-breakpoint

-- Number(s) of a string (ECMAScript StringToNumber): JavaScript's white space trimmed, '' is 0, decimal
-- literals, [+-]Infinity, 0x/0o/0b integers; anything else is NaN, returned as NULL.
CREATE FUNCTION js_string_number(s text) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  t text := regexp_replace(s,
    '^[\t\n\u000b\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+|[\t\n\u000b\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+$',
    '', 'g');
BEGIN
  IF t = '' THEN
    RETURN 0;
  ELSIF position(left(t, 1) IN '+-.0123456789I') = 0 THEN
    RETURN NULL;
  ELSIF t ~ '^[+-]?Infinity$' THEN
    RETURN CASE WHEN t LIKE '-%' THEN '-Infinity'::float8 ELSE 'Infinity'::float8 END;
  ELSIF t ~ '^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$' THEN
    RETURN js_decimal_float8(t);
  ELSIF t ~ '^0[xX][0-9a-fA-F]+$' THEN
    RETURN js_radix_float8(substr(t, 3), 4);
  ELSIF t ~ '^0[oO][0-7]+$' THEN
    RETURN js_radix_float8(substr(t, 3), 3);
  ELSIF t ~ '^0[bB][01]+$' THEN
    RETURN js_radix_float8(substr(t, 3), 1);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint

-- Array.prototype.join(',') as String(array) does it: null elements are '', nested arrays joined too.
-- It and js_string call each other (PL/pgSQL resolves the call when it runs, so js_string comes later).
CREATE FUNCTION js_array_text(a jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  joined text := '';
BEGIN
  FOR i IN 0 .. jsonb_array_length(a) - 1 LOOP
    joined := joined || CASE WHEN i > 0 THEN ',' ELSE '' END || CASE WHEN jsonb_typeof(a -> i) = 'null' THEN '' ELSE js_string(a -> i) END;
  END LOOP;
  RETURN joined;
END
$$;
--> statement-breakpoint

-- String(v) of a JSON value. Objects are ordinary ones whatever their keys: '[object Object]' (where
-- JavaScript's String() would call a "toString" member, or throw on one that is not a function).
CREATE FUNCTION js_string(v jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE jsonb_typeof(v)
    WHEN 'string' THEN v #>> '{}'
    WHEN 'number' THEN
      CASE
        WHEN v::numeric = 0 THEN '0'
        WHEN abs(v::numeric) BETWEEN 0.0001 AND 1e14 THEN v::numeric::float8::text
        ELSE js_number_text(js_float8(v::numeric))
      END
    WHEN 'boolean' THEN v::text
    WHEN 'null' THEN 'null'
    WHEN 'object' THEN '[object Object]'
    WHEN 'array' THEN js_array_text(v)
  END
$$;
--> statement-breakpoint

-- Number(v) of a JSON value; NULL where JavaScript gives NaN (objects among them, as in js_string).
CREATE FUNCTION js_number(v jsonb) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE jsonb_typeof(v)
    WHEN 'number' THEN
      CASE WHEN abs(v::numeric) BETWEEN 1e-300 AND 1e300 OR v::numeric = 0 THEN v::numeric::float8 ELSE js_float8(v::numeric) END
    WHEN 'string' THEN
      CASE WHEN v #>> '{}' ~ '^-?[0-9]{1,15}(\.[0-9]{1,15})?$' THEN (v #>> '{}')::float8 ELSE js_string_number(v #>> '{}') END
    WHEN 'boolean' THEN CASE WHEN v = 'true'::jsonb THEN 1::float8 ELSE 0::float8 END
    WHEN 'null' THEN 0::float8
    WHEN 'array' THEN js_string_number(js_array_text(v))
  END
$$;
