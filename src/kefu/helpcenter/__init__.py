"""The public help center: the published articles and their search, kept fresh from the database, plus the
help center's own configuration (category names, official contact channels).

live         LiveHelpCenter: builds a Snapshot (revision, Catalog, SearchEngine) from the database, rebuilds
             in the background when the KB revision changes and swaps it in whole
categories   category names and blurbs in both languages (data/categories.yaml)
contact      the official support channels shown on the contact page (data/contact.yaml)
"""
