" pgext_ls: commands of the pgext-ls ALE integration (see autoload/pgext_ls.vim).
if exists('g:loaded_pgext_ls')
  finish
endif
let g:loaded_pgext_ls = 1

command! -bar PgextLsIndex call pgext_ls#ShowIndex()
