call pgext_ls#Define('c', 'c')
