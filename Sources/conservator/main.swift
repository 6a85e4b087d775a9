print("conservator")
