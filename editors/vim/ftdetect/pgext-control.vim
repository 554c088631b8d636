" PostgreSQL extension control files (name.control), see pgext-ls.
autocmd BufRead,BufNewFile *.control setfiletype pgext-control
