/* s1--1.1--1.2.sql: nothing changes in 1.2, so there is nothing to guard */
