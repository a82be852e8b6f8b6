"""The staff pages (intake, workspace, case page, receipt) and the public pages."""
