"""The learning record: what each kind of participation record contributes to learning
hours (`hours`) and the record as xAPI statements (`xapi`)."""
