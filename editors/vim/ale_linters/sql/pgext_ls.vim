call pgext_ls#Define('sql', 'sql')
