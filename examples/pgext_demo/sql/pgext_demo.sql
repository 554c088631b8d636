CREATE EXTENSION pgext_demo;
SELECT add_one(41);
SELECT text_reverse('abc');
SELECT add_ints(40, 2), add_ints(1, NULL);
