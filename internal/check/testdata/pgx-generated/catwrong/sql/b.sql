CREATE TABLE catw_b (id int);
