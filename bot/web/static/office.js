// Progressive enhancement for the back-office: every page works without this file.
"use strict";
