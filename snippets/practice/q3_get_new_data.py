def retrain_model(data):
    model = load_model()
    model.train(data)
    model.save()

new_data = get_new_data()
retrain_model(new_data)
print('Retraining complete')
