"""The applicant's screen (申请人确认屏): what the clerk enters, the applicant's confirmation and signature, and 好差评."""
