print("onedoor")
