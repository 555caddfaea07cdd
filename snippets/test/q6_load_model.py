def get_new_data():
    return [0.2, 0.4, 0.9]


def retrain_model(data):
    model = load_model()
    model.train(data)
    model.save()


new_data = get_new_data()
retrain_model(new_data)
print("Retraining complete")
