call pgext_ls#Define('pgext-control', 'pgext-control')
