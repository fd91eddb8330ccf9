"""The papers of an application on screen (办件文书): preview, print, save as PDF, and where each is offered."""
