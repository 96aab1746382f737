# start

## The start screen (gui::start_screen)

# The program's name, as the start screen's heading.
start-app-name = Evidence Vault
start-tagline = Encrypted, verifiable storage for photos, files and written testimony. Works offline.
start-open-heading = Open a vault
start-recent = Recent vaults:
# A button per recent vault; $path is the vault's folder.
start-open-recent = Open { $path }
# A small button beside it: take the folder off the list.
start-forget-recent = Forget { $path }
start-forget-hover = Remove from this list (the vault is not touched)
start-open-another = Open another vault…
start-type-folder = Or type its folder:
# Hint in the empty folder field: an example path.
start-folder-hint = /path/to/vault
start-open-folder = Open this folder
start-new-heading = New here?
start-create = Create a new vault…
start-demo = Try the demo vault
start-demo-hover = A throwaway vault with sample photos and notes; deleted when you quit
start-demo-note = The demo vault holds synthetic sample evidence only. It is deleted when you quit.
# Back to the first choices, from the create and unlock forms.
start-back = Back

## Creating a vault (gui::start_screen)

create-need-folder = Choose a folder for the new vault.
create-heading = Create a new vault
create-intro = Everything in the vault is encrypted with a key that only your passphrase opens. If you forget the passphrase, nobody can open the vault — not even us.
create-choose-folder = Choose folder…
# Beside "Choose folder…": what kind of folder.
create-folder-note = a new or empty folder
create-folder = Vault folder
# Hint in the empty field: an example path.
create-folder-hint = /path/to/new-vault
create-documenter = Your name (recorded in the custody log)
create-documenter-hint = e.g. field team 2
create-passphrase = Passphrase
create-repeat = Repeat the passphrase
create-button = Create vault

## Unlocking (gui::start_screen)

unlock-heading = Unlock vault
# Shown on the demo vault's unlock form; $passphrase is the demo's (Latin) passphrase.
unlock-demo-passphrase = Demo vault passphrase: { $passphrase }
unlock-passphrase = Passphrase
unlock-button = Unlock

## What the start screen's commands say (gui::app::start)

unlock-open-elsewhere = This vault is open in another Evidence Vault window or evault command: close it there first, then unlock it here.
# Beside a spinner while the passphrase is checked.
unlock-busy = Unlocking… (this takes a second or two)
unlock-wrong-passphrase = Wrong passphrase. Check the keyboard layout (Arabic or English) and Caps Lock, then try again.
# $error: the system's reason the vault is in use (English), e.g. "the vault is in use by process 123".
unlock-in-use = { $error }. Close the other Evidence Vault window or program using this vault, then try again.
# $path: the vault's folder; $error: the reason (English).
unlock-failed = Could not unlock { $path }: { $error }
# $error: the reason (English).
create-failed = The vault was not created: { $error }
create-busy = Creating the vault… (this takes a few seconds)
# $error: the reason (English).
start-demo-tempdir-failed = Could not make a temporary folder for the demo: { $error }
start-demo-busy = Preparing the demo vault…
start-demo-notice = This is the demo vault: synthetic sample evidence, deleted when you quit.

## Passphrase strength (gui::password_meter)

meter-empty-advice = Use four or more unrelated words, or a long sentence only you know.
# The strength bar's text; $word is one of the five words below.
meter-strength = Strength: { $word }
meter-very-weak = Very weak
meter-weak = Weak
meter-fair = Fair
meter-strong = Strong
meter-very-strong = Very strong
# Why a new passphrase is not accepted yet (create form, Settings, export).
meter-too-short = { $count ->
    [one] The passphrase needs at least { $count } character.
   *[other] The passphrase needs at least { $count } characters.
}
meter-too-easy = This passphrase is too easy to guess. Add more unrelated words.
meter-repeat-missing = Type the passphrase a second time.
meter-mismatch = The two passphrases are not the same.
# What the strength estimate (zxcvbn) finds wrong with the passphrase typed.
meter-warning-straight-rows = Straight rows of keys are easy to guess.
meter-warning-short-keyboard-patterns = Short keyboard patterns are easy to guess.
meter-warning-repeats-aaa = Repeats like "aaa" are easy to guess.
meter-warning-repeats-abcabc = Repeats like "abcabcabc" are only slightly harder to guess than "abc".
meter-warning-top10 = This is a top-10 common password.
meter-warning-top100 = This is a top-100 common password.
meter-warning-common = This is a very common password.
meter-warning-similar-to-common = This is similar to a commonly used password.
meter-warning-sequences = Sequences like abc or 6543 are easy to guess.
meter-warning-recent-years = Recent years are easy to guess.
meter-warning-word-by-itself = A word by itself is easy to guess.
meter-warning-dates = Dates are often easy to guess.
meter-warning-names = Names and surnames by themselves are easy to guess.
meter-warning-common-names = Common names and surnames are easy to guess.
# How to make it stronger (zxcvbn's suggestions).
meter-suggestion-few-words = Use a few words, avoid common phrases.
meter-suggestion-no-symbols-needed = No need for symbols, digits, or uppercase letters.
meter-suggestion-another-word = Add another word or two. Uncommon words are better.
meter-suggestion-capitalization = Capitalization doesn't help very much.
meter-suggestion-all-uppercase = All-uppercase is almost as easy to guess as all-lowercase.
meter-suggestion-reversed-words = Reversed words aren't much harder to guess.
meter-suggestion-substitutions = Predictable substitutions like '@' instead of 'a' don't help very much.
meter-suggestion-longer-keyboard-pattern = Use a longer keyboard pattern with more turns.
meter-suggestion-repeated = Avoid repeated words and characters.
meter-suggestion-sequences = Avoid sequences.
meter-suggestion-recent-years = Avoid recent years.
meter-suggestion-your-years = Avoid years that are associated with you.
meter-suggestion-your-dates = Avoid dates and years that are associated with you.

## Settings (gui::dialogs::settings)

# Heading above the language and digits choice.
settings-language = Language
settings-auto-lock = Lock the vault after this many minutes without using the window:
# The slider's name.
settings-auto-lock-after = Auto-lock after
# Unit after the slider's number of minutes (a space comes before it).
settings-minutes-unit = min
settings-remember-recent = Remember the folders of recent vaults on this computer
settings-remember-recent-note = Turn this off if someone might look at this computer: the start screen then lists no vaults, and the list is erased now.
settings-record-paths = Record the full folder path of each file added
settings-record-paths-note = Off by default: a path such as /home/your-name/… names you, and it travels with the item's custody log in every bundle. The file's own name is always kept.
settings-nothing-else = Nothing else is remembered between runs except these settings, the view mode and thumbnail size, saved recipients' public keys and where each vault is backed up (and when). Evidence, titles and searches never leave the vault.
settings-passphrase-heading = Change the vault passphrase
settings-passphrase-note = Only the key file is re-encrypted; the evidence is not touched. Use the new passphrase from the next unlock.
settings-new-passphrase = New passphrase
settings-repeat-new = Repeat the new passphrase
settings-change = Change passphrase
settings-changing = Changing…
settings-changed = The passphrase was changed. Use the new one from now on.
# $error: the reason (English).
settings-not-changed = The passphrase was not changed: { $error }

## Help: keyboard and mouse (gui::dialogs::help)
# Left column: keys (key names such as Ctrl+L, Page Up, Home stay in Latin letters); right: what they do.

help-this-help = This help
help-add-files = Add files
help-new-note = New note or testimony
help-search = Search
help-lock = Lock the vault now
help-quit = Lock and quit (typed work is kept, encrypted)
help-move-keys = Arrows, Page Up/Down, Home, End
help-move = Move through the items
help-open-large = Open the selected item large
help-ctrl-click = Ctrl+click
help-mark = Mark or unmark an item
help-shift-click = Shift+click
help-mark-range = Mark every item from the last one clicked to this one
help-mark-all = Mark every item shown
help-close-window = Close a window
help-viewer-keys = In the large view: wheel, drag, + and -, 0
# What each of the large view's keys above does, in the same order.
help-viewer-zoom = Zoom, move, zoom in and out, fit
help-viewer-arrows = In the large view: Left and Right arrows
help-viewer-prev-next = Previous and next item
# “Case and tags…” is the status bar's button of that name.
help-footer = Marked items can be exported together, or given a case and tags at once (“Case and tags…” in the status bar). The vault locks itself after the minutes set in Settings without activity, but not while evidence is being added, verified, exported, imported or backed up.

## Quit Evidence Vault? (gui::dialogs::confirm_quit)

quit-demo-typed = You have typed work that is not saved. This is the demo vault: it is deleted when you quit, with everything typed in it.
quit-typed = You have typed work that is not saved into the vault yet (a note being written, changes to an item, or an incident). If you quit now it is kept in the vault, encrypted, and opens again the next time you unlock it. To save it now, go back and press Save.
# $job: what is running, e.g. "Adding evidence", "Backing up".
quit-job-running = { $job } is still running and would stop. What is done so far stays in the vault.
quit-go-back = Go back
quit-keep-draft = Quit (keep what I typed as a draft)

## Unsaved changes (gui::dialogs::confirm_discard)

discard-intro = The item you were editing has changes that are not saved.
discard-save = Save them
discard-discard = Discard them
discard-keep-editing = Keep editing

## My public key (gui::dialogs::public_key)

pubkey-intro = Give this key to people who will send you evidence. They choose it as the recipient when they export, and only this vault can open what they send.
pubkey-heading = Vault public key (age)
pubkey-copy = Copy public key
pubkey-signing-heading = Custody signing key
pubkey-signing-intro = Every custody event of this vault is signed with this key; recipients use it to check where evidence came from.
pubkey-copy-fingerprint = Copy fingerprint
pubkey-copy-signing-key = Copy signing key
pubkey-compare = Compare the fingerprint by phone or in person before trusting a key that came by message.
pubkey-no-qr = (The QR code cannot be drawn for this key.)
# The QR code's name for screen readers.
pubkey-qr-name = QR code of the vault public key
