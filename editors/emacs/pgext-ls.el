;;; pgext-ls.el --- Eglot setup for pgext-ls, the PostgreSQL C extension language server  -*- lexical-binding: t -*-

;; Usage (Emacs 28+ with Eglot 1.9+, or Emacs 29+ with its built-in Eglot):
;;
;;   (add-to-list 'load-path "/path/to/pgext-ls/editors/emacs")
;;   (require 'pgext-ls)
;;   (add-hook 'c-mode-hook #'eglot-ensure)      ; and sql-mode-hook, pgext-control-mode-hook
;;
;; In a directory tree that holds a *.control file, C, SQL and .control
;; buffers get pgext-ls; other C buffers keep `pgext-ls-fallback-contact'
;; (clangd by default), so this does not take C away from clangd elsewhere.
;;
;; Is it attached?  The mode line shows [eglot:NAME]; M-x eglot-list-connections
;; lists the servers, M-x eglot-events-buffer the messages.  What did it index?
;; M-x pgext-ls-show-index shows the server's index of the buffer's extension.

;;; Code:

(require 'cl-lib)
(require 'project)

(defgroup pgext-ls nil
  "Language server for PostgreSQL C extensions."
  :group 'tools)

(defcustom pgext-ls-command '("pgext-ls")
  "Command (program and arguments) that starts pgext-ls."
  :type '(repeat string))

(defcustom pgext-ls-initialization-options nil
  "Plist sent as initializationOptions, e.g. (:pgVersions [14 15 16 17 18])."
  :type 'plist)

(defcustom pgext-ls-fallback-contact '("clangd")
  "Eglot contact for C buffers outside a PostgreSQL extension, or nil."
  :type '(choice (const nil) (repeat string)))

(defun pgext-ls-root (&optional dir)
  "Return the PostgreSQL extension root for DIR (default: the buffer's).
That is the nearest directory up from DIR holding a *.control file, or nil."
  (let ((start (or dir default-directory)))
    (when start
      (locate-dominating-file
       start
       (lambda (d)
         (and (file-directory-p d)
              (directory-files d nil "\\`[^.].*\\.control\\'" t)))))))

;;;###autoload
(define-derived-mode pgext-control-mode prog-mode "PG-Control"
  "Major mode for PostgreSQL extension control files (NAME.control)."
  (setq-local comment-start "# ")
  (setq-local comment-start-skip "#+\\s-*")
  (modify-syntax-entry ?# "<" pgext-control-mode-syntax-table)
  (modify-syntax-entry ?\n ">" pgext-control-mode-syntax-table)
  (modify-syntax-entry ?' "\"" pgext-control-mode-syntax-table)
  (modify-syntax-entry ?\" "." pgext-control-mode-syntax-table)
  (setq-local font-lock-defaults
              `(((,(concat "^\\s-*"
                           (regexp-opt '("directory" "default_version" "comment" "encoding"
                                         "module_pathname" "requires" "no_relocate" "superuser"
                                         "trusted" "relocatable" "schema")
                                       'words))
                  . font-lock-keyword-face)
                 ("\\_<\\(true\\|false\\|on\\|off\\|yes\\|no\\)\\_>" . font-lock-constant-face)))))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.control\\'" . pgext-control-mode))

(defun pgext-ls-eglot-contact (&optional _interactive)
  "Eglot contact: pgext-ls inside a PostgreSQL extension, else the fallback."
  (cond
   ((pgext-ls-root)
    (if pgext-ls-initialization-options
        (append pgext-ls-command
                (list :initializationOptions pgext-ls-initialization-options))
      pgext-ls-command))
   ((and pgext-ls-fallback-contact (not (eq major-mode 'pgext-control-mode)))
    pgext-ls-fallback-contact)
   (t (user-error "pgext-ls: no *.control file above %s" default-directory))))

(defun pgext-ls-project-find (dir)
  "A project.el backend: an extension root without version control is a project.
Only used when no other backend (such as VC) claims DIR."
  (let ((root (pgext-ls-root dir)))
    (when root (cons 'transient root))))

(add-hook 'project-find-functions #'pgext-ls-project-find 90)

(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '(((c-mode :language-id "c") (c-ts-mode :language-id "c")
                  (sql-mode :language-id "sql")
                  (pgext-control-mode :language-id "pgext-control"))
                 . pgext-ls-eglot-contact)))

(declare-function eglot-current-server "eglot")
(declare-function eglot--path-to-uri "eglot")
(declare-function jsonrpc-request "jsonrpc")

(defun pgext-ls-index-text ()
  "Return the pgext-ls index of the current buffer's extension, as markdown.
It is the answer to the server command pgext-ls.showIndex."
  (let ((server (eglot-current-server)))
    (unless server
      (user-error "pgext-ls: no Eglot server manages this buffer (M-x eglot)"))
    (jsonrpc-request server :workspace/executeCommand
                     (list :command "pgext-ls.showIndex"
                           :arguments (vector (eglot--path-to-uri (buffer-file-name)))))))

;;;###autoload
(defun pgext-ls-show-index ()
  "Show what pgext-ls indexed for the extension of the current buffer:
its control file, scripts, install path, bindings and modules."
  (interactive)
  (let ((text (pgext-ls-index-text)))
    (with-current-buffer (get-buffer-create "*pgext-ls index*")
      (let ((inhibit-read-only t))
        (erase-buffer)
        (insert text))
      (goto-char (point-min))
      (special-mode)
      (display-buffer (current-buffer)))))

(provide 'pgext-ls)
;;; pgext-ls.el ends here
