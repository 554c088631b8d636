" pgext_ls: ALE integration for pgext-ls, the language server for
" PostgreSQL C extensions. The linters in ale_linters/{c,sql,pgext-control}
" call these functions.

" Command that starts the server; override with g:pgext_ls_command.
function! pgext_ls#Executable(buffer) abort
  return get(g:, 'pgext_ls_executable', 'pgext-ls')
endfunction

function! pgext_ls#Command(buffer) abort
  return get(g:, 'pgext_ls_command', '%e')
endfunction

" The nearest directory up from the buffer's file that holds a *.control
" file. An empty result makes ALE skip the linter, so C and SQL files
" outside PostgreSQL extensions are left alone.
function! pgext_ls#ProjectRoot(buffer) abort
  let l:dir = fnamemodify(bufname(a:buffer), ':p:h')
  while 1
    if !empty(glob(l:dir . '/?*.control', 1, 1))
      return l:dir
    endif
    let l:parent = fnamemodify(l:dir, ':h')
    if l:parent ==# l:dir
      return ''
    endif
    let l:dir = l:parent
  endwhile
endfunction

" initializationOptions: g:pgext_ls_init_options, e.g.
"   let g:pgext_ls_init_options = {'pgVersions': [14, 15, 16, 17, 18]}
function! pgext_ls#InitOptions(buffer) abort
  return get(g:, 'pgext_ls_init_options', {})
endfunction

" Defines the pgext_ls linter for a filetype; language is the LSP languageId.
function! pgext_ls#Define(filetype, language) abort
  call ale#linter#Define(a:filetype, {
  \   'name': 'pgext_ls',
  \   'lsp': 'stdio',
  \   'language': a:language,
  \   'executable': function('pgext_ls#Executable'),
  \   'command': function('pgext_ls#Command'),
  \   'project_root': function('pgext_ls#ProjectRoot'),
  \   'initialization_options': function('pgext_ls#InitOptions'),
  \   'lsp_config': {b -> {'pgext-ls': pgext_ls#InitOptions(b)}},
  \})
endfunction

" :PgextLsIndex — what the server indexed for the current buffer's
" extension (the pgext-ls.showIndex command), in a scratch buffer named
" pgext-ls://index. :ALEInfo says whether the linter runs at all.
function! pgext_ls#ShowIndex() abort
  let l:buf = bufnr('')
  call ale#lsp_linter#SendRequest(l:buf, 'pgext_ls',
  \   [0, 'workspace/executeCommand', {
  \     'command': 'pgext-ls.showIndex',
  \     'arguments': [ale#path#ToFileURI(fnamemodify(bufname(l:buf), ':p'))],
  \   }],
  \   function('s:ShowIndex'))
endfunction

function! s:ShowIndex(response) abort
  if !has_key(a:response, 'result')
    echoerr 'pgext-ls: ' . get(get(a:response, 'error', {}), 'message', 'no answer')
    return
  endif
  let l:win = bufwinnr('pgext-ls://index')
  if l:win > 0
    execute l:win . 'wincmd w'
  else
    new pgext-ls://index
    setlocal buftype=nofile bufhidden=wipe noswapfile filetype=markdown
  endif
  silent %delete _
  call setline(1, split(a:response.result, "\n"))
endfunction
