CREATE TABLE shu_t (id int);
