"""Field descriptions both regimes' case files share (the PACE and POCA models import this, not
each other, so a check builds only its own regime's models)."""

INCHOATE_HELP = ("Inchoate or secondary form: an id or label from "
                 "rules/catalogue/inchoate-forms.yaml (attempt, conspiracy, ...).")
TARGET_HELP = ("For a general inchoate offence (conspiracy, attempt, encouraging or assisting, "
               "aiding and abetting given as the offence itself): the offence it was aimed at, "
               "as for 'offence'.")
