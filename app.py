"""The CICA Q&A web chat: `python app.py` (same as `cica-qa serve`)."""

from cica_qa.web.server import main

if __name__ == "__main__":
    main()
