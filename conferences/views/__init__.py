"""Public pages, one module per subject: the calls, their archive and proceedings (``calls``);
submitting and managing an abstract (``abstracts``); letters of interest and simulations
(``contributions``). All three forms are posted through the one flow of ``submitting``;
writes live in conferences/services.py."""
